"""Expose a Piper model's phoneme durations as a second graph output, without the onnx package.

Batched inference pads every sentence to the longest one; the audio of a shorter sentence is
then followed by the decoder's output for the padding, which must be cut. Piper's graph knows
each sentence's length (`w_ceil`, the output of its only Ceil node: frames per phoneme id) but
does not output it. piper-tts adds it with the onnx package (patch_voice_with_alignment.py);
importing onnx costs about 0.6 s, so this appends the output to the serialised model directly:
a ValueInfoProto naming the tensor, added to GraphProto.output (field 12) of ModelProto.graph
(field 7). Protobuf allows repeated fields anywhere in a message, so the rest of the model's
bytes stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

_MODEL_GRAPH = 7
_GRAPH_NODE = 1
_GRAPH_OUTPUT = 12
_NODE_OUTPUT = 2
_NODE_OP_TYPE = 4
_VALUE_INFO_NAME = 1
_LENGTH_DELIMITED = 2


@dataclass(frozen=True)
class _Field:
    number: int
    wire_type: int
    start: int  # of the tag
    payload: slice  # of the value (length-delimited: the bytes; others: the encoded value)


def _varint(data: bytes | memoryview, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data):
            raise ValueError("truncated varint")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _fields(data: bytes | memoryview, begin: int, end: int) -> list[_Field]:
    fields: list[_Field] = []
    position = begin
    while position < end:
        start = position
        tag, position = _varint(data, position)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == 0:
            _, after = _varint(data, position)
        elif wire_type == 1:
            after = position + 8
        elif wire_type == _LENGTH_DELIMITED:
            length, position = _varint(data, position)
            after = position + length
        elif wire_type == 5:
            after = position + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire_type}")
        if after > end:
            raise ValueError("truncated protobuf field")
        fields.append(_Field(number, wire_type, start, slice(position, after)))
        position = after
    return fields


def _strings(data: memoryview, field_slice: slice, number: int) -> list[str]:
    return [
        bytes(data[f.payload]).decode("utf-8")
        for f in _fields(data, field_slice.start, field_slice.stop)
        if f.number == number and f.wire_type == _LENGTH_DELIMITED
    ]


def with_duration_output(model: bytes) -> tuple[bytes, str] | None:
    """The model with its Ceil tensor (frames per phoneme id) as an extra output, and that
    tensor's name; None when the graph has no single Ceil node (then batching is not safe).
    A model that already outputs it (patched for alignments) comes back unchanged."""
    data = memoryview(model)
    graphs = [
        f
        for f in _fields(data, 0, len(data))
        if f.number == _MODEL_GRAPH and f.wire_type == _LENGTH_DELIMITED
    ]
    if len(graphs) != 1:
        return None
    graph = graphs[0]
    ceil_outputs: list[str] = []
    outputs: list[str] = []
    for field in _fields(data, graph.payload.start, graph.payload.stop):
        if field.wire_type != _LENGTH_DELIMITED:
            continue
        if field.number == _GRAPH_NODE:
            if _strings(data, field.payload, _NODE_OP_TYPE) == ["Ceil"]:
                ceil_outputs += _strings(data, field.payload, _NODE_OUTPUT)
        elif field.number == _GRAPH_OUTPUT:
            outputs += _strings(data, field.payload, _VALUE_INFO_NAME)
    if len(ceil_outputs) != 1:
        return None
    name = ceil_outputs[0]
    if name in outputs:
        return model, name
    encoded = name.encode("utf-8")
    value_info = bytes([_VALUE_INFO_NAME << 3 | _LENGTH_DELIMITED])
    value_info += _encode_varint(len(encoded)) + encoded
    extra = bytes([_GRAPH_OUTPUT << 3 | _LENGTH_DELIMITED])
    extra += _encode_varint(len(value_info)) + value_info
    new_length = graph.payload.stop - graph.payload.start + len(extra)
    header = bytes([_MODEL_GRAPH << 3 | _LENGTH_DELIMITED]) + _encode_varint(new_length)
    patched = b"".join(
        (
            data[: graph.start],
            header,
            data[graph.payload],
            extra,
            data[graph.payload.stop :],
        )
    )
    return patched, name
