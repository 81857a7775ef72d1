// Image admin: click the preview to set the focal point that fill crops keep in view.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const preview = document.querySelector(".field-preview picture img");
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!preview || !x || !y) return;
  const frame = preview.closest("picture");
  frame.classList.add("focal-point");
  const marker = document.createElement("span");
  marker.className = "focal-point__marker";
  marker.setAttribute("aria-hidden", "true");
  frame.append(marker);
  const place = () => {
    marker.style.left = `${x.value || 50}%`;
    marker.style.top = `${y.value || 50}%`;
  };
  preview.title = "点击图片设置裁剪焦点";
  preview.addEventListener("click", (event) => {
    const box = preview.getBoundingClientRect();
    x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
    y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
    place();
  });
  x.addEventListener("input", place);
  y.addEventListener("input", place);
  place();
});
