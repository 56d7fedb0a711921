// Page view: place an outline over the evidence box once the page image has loaded (the box is also drawn in the image).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var img = document.getElementById("page-image");
  var overlay = document.getElementById("box-overlay");
  if (!img || !overlay || !img.dataset.box) { return; }
  function place() {
    var b = img.dataset.box.split(",").map(Number);
    var sx = img.clientWidth / img.naturalWidth, sy = img.clientHeight / img.naturalHeight;
    overlay.style.left = (b[0] * sx) + "px";
    overlay.style.top = (b[1] * sy) + "px";
    overlay.style.width = ((b[2] - b[0]) * sx) + "px";
    overlay.style.height = ((b[3] - b[1]) * sy) + "px";
    overlay.hidden = false;
    overlay.scrollIntoView({block: "center", inline: "nearest"});
  }
  if (img.complete && img.naturalWidth) { place(); } else { img.addEventListener("load", place); }
});
