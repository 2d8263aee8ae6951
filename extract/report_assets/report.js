// zhenggai review pages: jump from the tables, outline and doubts to the text; toggle kinds.
"use strict";

function reveal(target) {
  target.scrollIntoView({ block: "center" });
  target.classList.remove("flash");
  void target.offsetWidth; // restart the animation when the same value is revealed twice
  target.classList.add("flash");
  history.replaceState(null, "", "#" + encodeURIComponent(target.id));
}

function jumpFrom(source, event) {
  const target = document.getElementById(source.dataset.target);
  if (!target) return;
  if (event) event.preventDefault();
  reveal(target);
}

document.addEventListener("click", (event) => {
  // opening a measures list inside a task row must not scroll away from it
  if (event.target.closest("details.measures")) return;
  const source = event.target.closest("[data-target]");
  if (source) jumpFrom(source, event);
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter") return;
  const source = event.target.closest("tr[data-target]");
  if (source) jumpFrom(source, event);
});

// A value split by a crossing span is several elements: light them up together.
let hovered = null;
document.addEventListener("mouseover", (event) => {
  const piece = event.target.closest(".hl[data-ref]");
  const ref = piece ? piece.dataset.ref : null;
  if (ref === hovered) return;
  document.querySelectorAll(".hl.hover").forEach((el) => el.classList.remove("hover"));
  hovered = ref;
  if (ref === null) return;
  document.querySelectorAll('.hl[data-ref="' + CSS.escape(ref) + '"]').forEach((el) => el.classList.add("hover"));
});

document.querySelectorAll("input[data-kind]").forEach((box) => {
  box.addEventListener("change", () => {
    document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
  });
});

// a link from the corpus page (plan.html#v-i3) opens at the value
window.addEventListener("load", () => {
  let id = location.hash.slice(1);
  try { id = decodeURIComponent(id); } catch (malformed) { return; }
  const target = id && document.getElementById(id);
  if (target) reveal(target);
});
