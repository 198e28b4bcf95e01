"""Sentences and the pause plan: an Article becomes the spoken Script.

split_sentences works on the written text; plan_script splits each paragraph into sentences
(and long sentences into clauses), then normalises each piece and gives it its pause.
"""

from tts.segment.clauses import split_long
from tts.segment.plan import Pauses, ScriptPlan, plan_script
from tts.segment.sentences import split_sentences

__all__ = ["Pauses", "ScriptPlan", "plan_script", "split_long", "split_sentences"]
