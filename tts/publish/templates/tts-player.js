/* artikel-tts player: chapters seek, the sentence being read is highlighted.
   No request to any host; works on our pages and inside the embed snippet. */
(function () {
  "use strict";

  function numbers(elements, name) {
    return elements.map(function (element) { return parseFloat(element.getAttribute(name)); });
  }

  /* index of the last start <= t, or -1 */
  function lastStarted(starts, t) {
    var low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= t) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found;
  }

  function mark(list, index, previous) {
    if (index === previous) { return previous; }
    if (previous >= 0) {
      list[previous].classList.remove("tts-current");
      list[previous].removeAttribute("aria-current");
    }
    if (index >= 0) {
      list[index].classList.add("tts-current");
      list[index].setAttribute("aria-current", "true");
    }
    return index;
  }

  function setup(root) {
    var audio = root.querySelector("audio");
    if (!audio || root.hasAttribute("data-tts-ready")) { return; }
    root.setAttribute("data-tts-ready", "");
    var sentences = Array.prototype.slice.call(root.querySelectorAll("[data-sentence]"));
    var chapters = Array.prototype.slice.call(root.querySelectorAll("[data-chapter]"));
    var sentenceStarts = numbers(sentences, "data-start");
    var chapterStarts = numbers(chapters, "data-start");
    var sentence = -1, chapter = -1, frame = 0;

    function update() {
      var t = audio.currentTime;
      sentence = mark(sentences, lastStarted(sentenceStarts, t), sentence);
      chapter = mark(chapters, lastStarted(chapterStarts, t), chapter);
    }
    function tick() {
      update();
      frame = audio.paused ? 0 : window.requestAnimationFrame(tick);
    }
    function seek(seconds) {
      audio.currentTime = seconds;
      update();
      var playing = audio.play();
      if (playing && playing.catch) { playing.catch(function () { /* autoplay refused */ }); }
    }

    chapters.forEach(function (button, index) {
      button.addEventListener("click", function () { seek(chapterStarts[index]); });
    });
    sentences.forEach(function (span, index) {
      span.addEventListener("click", function () { seek(sentenceStarts[index]); });
    });
    ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) {
      audio.addEventListener(name, update);
    });
    audio.addEventListener("play", function () { if (!frame) { tick(); } });
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tts-player]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
