// Autosave and the soft lock's heartbeat for the article editor. The page works without it; this only keeps
// unsaved text on the server every 20 seconds and warns when someone else has taken the article over.
// Enter in the "go live at" box schedules (as Enter in the Reschedule box reschedules), not the form's first
// button, which is a plain Save and would drop the time.
(() => {
  "use strict";
  const when = document.querySelector('input[name="schedule_at"]');
  const schedule = document.querySelector('input[name="_schedule"]');
  if (!when || !schedule) return;
  when.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    schedule.click();
  });
})();

(() => {
  "use strict";
  const panel = document.getElementById("newsroom-panel");
  const form = document.getElementById("article_form");
  if (!panel || !form) return;
  const status = document.getElementById("autosave-status");
  const lockLost = document.getElementById("lock-lost");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const snapshot = () => ["headline", "standfirst", "body"].map((name) => (field(name) || {}).value || "").join("\u0000");
  let saved = snapshot();

  async function beat() {
    const current = snapshot();
    const data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
    if (current !== saved) {
      for (const name of ["headline", "standfirst", "body"]) data.append(name, (field(name) || {}).value || "");
    } else {
      data.append("heartbeat", "1");
    }
    try {
      const response = await fetch(panel.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      if (current !== saved) {
        saved = current;
        status.textContent = `Unsaved text kept at ${answer.saved_at}`;
      }
      lockLost.hidden = !answer.lock_holder;
      lockLost.textContent = answer.lock_holder ? `${answer.lock_holder} has taken over this article. If you save, a newer version wins and your text is kept as a revision.` : "";
    } catch (error) {
      status.textContent = "Autosave failed; keep a copy of your text.";
    }
  }
  setInterval(beat, 20000);

  // The workflow buttons act on the saved version: with edits on the screen, "Publish now" would publish text
  // without them and throw them away. Refuse, say why, and warn before leaving the page with unsaved edits.
  const unsavedNotice = document.getElementById("unsaved-changes");
  const formState = () => new URLSearchParams(
    [...new FormData(form)].filter(([name, value]) => name !== "csrfmiddlewaretoken" && typeof value === "string"),
  ).toString();
  let opened = formState();
  // The rich-text editor may rewrite the body's markup as it starts: what it shows once loaded is the baseline.
  window.addEventListener("load", () => { opened = formState(); });
  const unsaved = () => formState() !== opened;
  let leaving = false;
  form.addEventListener("submit", () => { leaving = true; });
  for (const move of document.querySelectorAll("form.newsroom-move")) {
    move.addEventListener("submit", (event) => {
      if (!unsaved()) { leaving = true; return; }
      event.preventDefault();
      if (unsavedNotice) {
        unsavedNotice.hidden = false;
        unsavedNotice.scrollIntoView({ block: "nearest" });
      }
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (!leaving && unsaved()) event.preventDefault();
  });
})();

// Pictures in the body editor. A figure must hold its picture (django-prose-editor's Figure is "image caption?"),
// so when the selected picture was typed over or deleted the editor put an empty picture back: the photo was
// gone, letters landed one a paragraph between empty figures, and the save was refused. A picture stays
// selected right after Insert when it has no caption, and clicking one selects it. Here typing goes to a new
// paragraph after the figure, Backspace and Delete remove the whole figure, and Enter in a caption (where the
// cursor is after inserting a captioned picture; a caption is one line) starts the paragraph after it.
(() => {
  "use strict";
  const figureOf = (state) => {
    const { selection } = state;
    const $from = selection.$from;
    if (selection.node && selection.node.type.name === "image" && $from.parent.type.name === "figure") {
      return { before: $from.before(), after: $from.after(), picture: true };
    }
    if (selection.empty && $from.parent.type.name === "caption" && $from.depth > 1) {
      return { before: $from.before($from.depth - 1), after: $from.after($from.depth - 1), picture: false };
    }
    return null;
  };
  const paragraphAfter = (editor, after, text) => {
    const content = text ? [{ type: "text", text }] : [];
    return editor.chain().insertContentAt(after, { type: "paragraph", content })
      .setTextSelection(after + 1 + text.length).scrollIntoView().run();
  };
  const guard = (editor) => {
    if (!editor || editor.newsroomFigures) return;
    editor.newsroomFigures = true;
    editor.setOptions({
      editorProps: {
        ...editor.options.editorProps,
        handleTextInput: (view, from, to, text) => {
          const figure = figureOf(view.state);
          return Boolean(figure && figure.picture && paragraphAfter(editor, figure.after, text));
        },
        handleKeyDown: (view, event) => {
          const figure = figureOf(view.state);
          if (!figure || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return false;
          if (figure.picture && (event.key === "Backspace" || event.key === "Delete")) {
            return editor.chain().deleteRange({ from: figure.before, to: figure.after }).run();
          }
          if (event.key === "Enter" && !event.shiftKey) {
            return paragraphAfter(editor, figure.after, "");
          }
          return false;
        },
      },
    });
  };
  document.addEventListener("prose-editor:ready", (event) => guard(event.detail && event.detail.editor));
  for (const view of document.querySelectorAll(".prose-editor .tiptap")) guard(view.editor);
})();
