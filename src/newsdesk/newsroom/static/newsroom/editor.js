// Autosave and the soft lock's heartbeat for the article editor. The page works without it; this only keeps
// unsaved text on the server every 20 seconds and warns when someone else has taken the article over.
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
})();
