// The per-reader layer over public pages. The HTML is the same for every visitor (so it can be cached whole);
// this asks /api/me who is signed in and turns the Follow/Save links into toggles. Without JavaScript the
// links lead to small forms that do the same.
(() => {
  "use strict";

  const saveLinks = () => [...document.querySelectorAll("[data-save]")];
  const followLinks = () => [...document.querySelectorAll("[data-follow]")];

  // The label says the state ("Following Defence"), so no aria-pressed: "Following, pressed" would say it twice.
  const setState = (link, on, onLabel, offLabel) => {
    link.dataset.state = on ? "on" : "off";
    link.classList.toggle("is-active", on);
    link.firstChild.textContent = on ? onLabel : offLabel;
  };

  const post = (url, action, csrfToken) => {
    const body = new FormData();
    body.append("action", action);
    return fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
    }).then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    });
  };

  // Said beside a toggle whose request never reached the site (offline, a dropped connection): the reader stays on
  // the story they are reading, the button keeps its state, and a second tap tries again.
  const showToggleError = (link, text) => {
    let note = link.nextElementSibling;
    if (!note || !note.classList.contains("toggle-error")) {
      note = document.createElement("span");
      note.className = "toggle-error";
      note.setAttribute("role", "status");
      link.after(note);
    }
    note.textContent = text;
  };

  const clearToggleError = (link) => {
    const note = link.nextElementSibling;
    if (note && note.classList.contains("toggle-error")) note.remove();
  };

  const makeToggle = (link, initiallyOn, { on, off, actions, key }, csrfToken) => {
    link.setAttribute("role", "button");
    setState(link, initiallyOn, on, off);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const wasOn = link.dataset.state === "on";
      link.setAttribute("aria-busy", "true");
      clearToggleError(link);
      post(link.href, wasOn ? actions[1] : actions[0], csrfToken)
        .then((result) => setState(link, Boolean(result[key]), on, off))
        .catch((error) => {
          // fetch() rejects with a TypeError only when no answer came: following the link would only swap the
          // story for the browser's offline page. Any answer that is not ours (signed out meanwhile, an expired
          // form) goes to the link's small form instead, which asks the reader to sign in again if need be.
          if (error instanceof TypeError) showToggleError(link, "No connection: nothing changed. Try again.");
          else window.location.href = link.href;
        })
        .finally(() => link.removeAttribute("aria-busy"));
    });
    // A link answers Enter by itself; as a button it must answer Space too (instead of scrolling the page).
    link.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        link.click();
      }
    });
  };

  // `more`: shown on wide screens only (site.css), so the menu stays one line on a phone.
  const menuLink = (href, text, more = false) => {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = text;
    if (more) link.className = "masthead__user-more";
    return link;
  };

  const signOutForm = (action, csrfToken) => {
    const form = document.createElement("form");
    form.className = "masthead__user-out";
    form.method = "post";
    form.action = action;
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken;
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "link-button";
    button.textContent = "Sign out";
    form.append(token, button);
    return form;
  };

  const fillUserMenu = (me) => {
    const slot = document.querySelector("[data-user-slot]");
    if (!slot) return;
    const items = [
      menuLink(me.links.my_news, "My news"),
      menuLink(me.links.saved, "Saved", true),
      menuLink(me.links.account, me.name || "Account", true),
    ];
    if (me.links.newsroom) items.push(menuLink(me.links.newsroom, "Newsroom", true));
    items.push(signOutForm(me.links.sign_out, me.csrf_token));
    slot.replaceChildren(...items);
  };

  // Notices the server kept for this visitor (signed in, signed out): a live region at the top of the page.
  const showNotices = (notices) => {
    const main = document.getElementById("main");
    if (!main || !notices || !notices.length) return;
    const list = document.createElement("ul");
    list.className = "notices";
    list.setAttribute("role", "status");
    main.prepend(list);
    // Filled after the region is in the page, so screen readers announce the text.
    requestAnimationFrame(() => {
      for (const notice of notices) {
        const item = document.createElement("li");
        item.className = `notice notice--${notice.level}`;
        item.textContent = notice.text;
        list.append(item);
      }
    });
  };

  const start = () => {
    const articleIds = saveLinks().map((link) => link.dataset.save).join(",");
    fetch(`/api/me${articleIds ? `?articles=${articleIds}` : ""}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((me) => {
        if (me) showNotices(me.notices);
        if (!me || !me.authenticated) return;
        fillUserMenu(me);
        const saved = new Set(me.saved);
        for (const link of saveLinks()) {
          makeToggle(link, saved.has(Number(link.dataset.save)),
            { on: "Saved", off: "Save", actions: ["save", "remove"], key: "saved" }, me.csrf_token);
        }
        for (const link of followLinks()) {
          const [kind, id] = link.dataset.follow.split(":");
          const following = (me.follows[kind] || []).includes(Number(id));
          makeToggle(link, following, {
            on: link.dataset.labelOn || "Following",
            off: link.dataset.labelOff || "Follow",
            actions: ["follow", "unfollow"],
            key: "following",
          }, me.csrf_token);
        }
      })
      .catch(() => {});
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// The section bar scrolls sideways on phones: bring the section the reader is in into view, or a Sport reader
// would see only Home to Defence and no sign of where they are.
(() => {
  "use strict";
  const bringCurrentSectionIntoView = () => {
    const bar = document.querySelector(".section-bar__list");
    const current = bar && bar.querySelector('a[aria-current="page"]');
    if (!current || bar.scrollWidth <= bar.clientWidth) return;
    const item = current.parentElement;
    bar.scrollLeft = item.offsetLeft - bar.offsetLeft - (bar.clientWidth - item.offsetWidth) / 2;
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bringCurrentSectionIntoView);
  else bringCurrentSectionIntoView();
})();

// Story times ("25 minutes ago") are counted again in the reader's browser, in the words the server uses
// (story_time in news/templatetags/news.py): the cache may have kept the page for minutes, and a tab left open
// since the morning would still say "just now". Stories a day old or more show their date, in the outlet's time
// (the date in the datetime attribute), as the server prints it.
(() => {
  "use strict";
  const MINUTE = 60 * 1000;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const OUTLET_DATE = /^(\d{4})-(\d{2})-(\d{2})T/;

  const ago = (count, unit) => `${count}\u00a0${unit}${count === 1 ? "" : "s"} ago`;

  const storyTime = (moment, now) => {
    const age = now - Date.parse(moment);
    if (Number.isNaN(age)) return null;
    // A reader's clock a little behind the server's makes a fresh story slightly "in the future": still just now.
    if (age < MINUTE) return "just now";
    if (age < HOUR) return ago(Math.floor(age / MINUTE), "minute");
    if (age < DAY) return ago(Math.floor(age / HOUR), "hour");
    const date = OUTLET_DATE.exec(moment);
    return date ? `${Number(date[3])} ${MONTHS[Number(date[2]) - 1]} ${date[1]}` : null;
  };

  const countAgain = () => {
    const now = Date.now();
    for (const time of document.querySelectorAll("time[data-ago]")) {
      const text = storyTime(time.getAttribute("datetime"), now);
      if (text && time.textContent !== text) time.textContent = text;
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", countAgain);
  else countAgain();
  setInterval(countAgain, MINUTE);
  // Timers sleep in a background tab and a page restored from the back/forward cache runs none at first.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && countAgain());
  window.addEventListener("pageshow", countAgain);
})();
