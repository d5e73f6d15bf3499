// The image library's picker window, opened by "Browse..." in the body editor's Insert Figure box. The editor
// (django-prose-editor) numbers the window and listens through a CKEditor-style `callFunction`: hand it the
// picture's address with its description and caption, and close. Opened any other way, the page is a list of
// addresses to copy.
(() => {
  "use strict";
  const picker = document.getElementById("picture-picker");
  if (!picker || picker.dataset.editorCall === undefined) return;
  const editor = window.opener && window.opener.CKEDITOR && window.opener.CKEDITOR.tools;
  if (!editor || typeof editor.callFunction !== "function") return;
  for (const button of picker.querySelectorAll("button[data-address]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      editor.callFunction(Number(picker.dataset.editorCall), button.dataset.address, {
        id: button.dataset.id,
        alternative_text: button.dataset.alt,
        caption: button.dataset.caption,
      });
      window.close();
    });
  }
})();
