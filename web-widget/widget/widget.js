/*
 * Patient chat widget of the triage assistant.
 *
 * Embedded with one tag: <script src="/widget/widget.js" defer></script>
 * It injects its stylesheet and its DOM into a shadow root (so the host page's CSS cannot
 * break it), talks to the gateway over WS /ws/patient/{id} and falls back to REST when the
 * socket cannot connect. Plain JS, no dependency, nothing loaded from another origin.
 * Untrusted text is only ever written with textContent.
 */
(function () {
  "use strict";

  if (window.__triageWidgetLoaded) return;
  window.__triageWidgetLoaded = true;

  var script = document.currentScript;
  var SCRIPT_URL = new URL(script ? script.src : "/widget/widget.js", location.href);
  var ORIGIN = SCRIPT_URL.origin;
  var CSS_URL = new URL("widget.css", SCRIPT_URL).href;
  var STORAGE_KEY = "triage-widget:conversation";
  var OPEN_KEY = "triage-widget:open";
  var HUMAN_TEXT = "Je veux parler à un humain";
  var CONNECT_TIMEOUT_MS = 5000;
  var PING_EVERY_MS = 25000;
  var POLL_EVERY_MS = 8000;
  var TYPING_TIMEOUT_MS = 30000;

  var LEVELS = {
    emergency_ambulance: { label: "Urgence vitale — appelez le 15", emergency: true },
    emergency: { label: "Urgences — allez aux urgences maintenant", emergency: true },
    consultation_24: { label: "Consultation sous 24 h", emergency: false },
    consultation: { label: "Consultation dans les prochains jours", emergency: false },
    self_care: { label: "Soins à domicile", emergency: false }
  };

  var STATUS_TEXT = {
    waiting_clinician: "Votre demande a été transmise à un·e soignant·e, qui va vous répondre ici. " +
      "En cas d'urgence, n'attendez pas : appelez le 15.",
    with_clinician: "Un·e soignant·e suit maintenant votre conversation.",
    closed: "Cette conversation est terminée."
  };

  /* ------------------------------------------------------------------ DOM helpers */

  /** Creates an element; attrs are set with setAttribute, children are nodes or plain text. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === false || value === null || value === undefined) return;
      node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /**
   * Message text as nodes: plain text, with links to this site's own pages (such as the
   * teleconsultation link of a booking) made tappable. Nothing is parsed as HTML.
   */
  function linkified(text) {
    var nodes = [];
    var pattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) nodes.push(text.slice(last, match.index));
      var url = match[0];
      var sameSite = false;
      try { sameSite = new URL(url).origin === window.location.origin; } catch (e) { sameSite = false; }
      nodes.push(sameSite ? el("a", { href: url, target: "_blank", rel: "noopener" }, [url]) : url);
      last = match.index + url.length;
    }
    if (last < text.length) nodes.push(text.slice(last));
    return nodes;
  }

  /** A speech-bubble icon drawn in SVG (no icon font, no emoji font needed). */
  function chatIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "tw-launcher__icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h10V9H7zm0-3v2h10V6H7zm0 6v2h6v-2H7z");
    svg.appendChild(path);
    return svg;
  }

  function srOnly(text) {
    return el("span", { class: "tw-sr" }, [text]);
  }

  /* ------------------------------------------------------------------ storage */

  var storage = {
    load: function () {
      try {
        var data = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
        return data && data.id && data.token ? data : null;
      } catch (e) {
        return null;
      }
    },
    save: function (session) {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({
          id: session.id, token: session.token, lastId: session.lastId || 0, phone: !!session.phone
        }));
      } catch (e) { /* private mode: the conversation just won't survive a reload */ }
    },
    clear: function () {
      try { localStorage.removeItem(STORAGE_KEY); } catch (e) { /* ignore */ }
    },
    wasOpen: function () {
      try { return sessionStorage.getItem(OPEN_KEY) === "1"; } catch (e) { return false; }
    },
    setOpen: function (open) {
      try { sessionStorage.setItem(OPEN_KEY, open ? "1" : "0"); } catch (e) { /* ignore */ }
    }
  };

  function newConversationId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "w-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  /* ------------------------------------------------------------------ REST API */

  function ApiError(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  function request(method, path, token, body) {
    var headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(ORIGIN + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) return data;
        var err = (data && data.error) || {};
        throw new ApiError(response.status, err.code || "http_" + response.status, err.message || "");
      });
    }, function () {
      throw new ApiError(0, "network", "");
    });
  }

  var api = {
    start: function () { return request("POST", "/api/v1/conversations", null, {}); },
    send: function (session, text) {
      return request("POST", "/api/v1/conversations/" + encodeURIComponent(session.id) + "/messages",
        session.token, { text: text });
    },
    history: function (session) {
      return request("GET", "/api/v1/conversations/" + encodeURIComponent(session.id) + "/messages", session.token);
    },
    phone: function (session, phone) {
      return request("POST", "/api/v1/conversations/" + encodeURIComponent(session.id) + "/phone",
        session.token, { phone: phone });
    }
  };

  /* ------------------------------------------------------------------ live connection */

  /**
   * The conversation's transport: a WebSocket when it can connect, REST otherwise.
   * handlers: onFrame(frame), onModeChange(mode), onInvalid(code), onLost(), onRestored().
   */
  function Connection(session, handlers) {
    this.session = session;
    this.handlers = handlers;
    this.ws = null;
    this.mode = "connecting";
    this.attempts = 0;
    this.everOpened = false;
    this.stopped = false;
    this.timers = {};
  }

  Connection.prototype.url = function () {
    var base = ORIGIN.replace(/^http/, "ws");
    return base + "/ws/patient/" + encodeURIComponent(this.session.id) +
      "?token=" + encodeURIComponent(this.session.token) + "&after=" + (this.session.lastId || 0);
  };

  Connection.prototype.connect = function () {
    if (this.stopped) return;
    if (!("WebSocket" in window)) { this.useRest(); return; }
    var self = this;
    var ws;
    try {
      ws = new WebSocket(this.url());
    } catch (e) {
      this.onSocketFailed();
      return;
    }
    this.ws = ws;
    this.clearTimer("connect");
    this.timers.connect = setTimeout(function () {
      if (ws.readyState !== WebSocket.OPEN) ws.close();
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = function () { self.onOpen(); };
    ws.onmessage = function (event) { self.onMessage(event); };
    ws.onclose = function (event) { self.onClose(event); };
  };

  Connection.prototype.onOpen = function () {
    var wasLost = this.attempts > 0 && this.everOpened;
    this.clearTimer("connect");
    this.clearTimer("poll");
    this.attempts = 0;
    this.everOpened = true;
    this.setMode("ws");
    var ws = this.ws;
    this.clearTimer("ping");
    this.timers.ping = setInterval(function () {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ping" }));
    }, PING_EVERY_MS);
    if (wasLost) this.handlers.onRestored();
  };

  Connection.prototype.onMessage = function (event) {
    var frame;
    try { frame = JSON.parse(event.data); } catch (e) { return; }
    if (!frame || typeof frame.type !== "string") return;
    if (frame.type === "ping" && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "pong" }));
      return;
    }
    this.handlers.onFrame(frame);
  };

  Connection.prototype.onClose = function (event) {
    this.clearTimer("connect");
    this.clearTimer("ping");
    this.ws = null;
    if (this.stopped) return;
    if (event.code === 4400 || event.code === 4401 || event.code === 4404) {
      this.stop();
      this.handlers.onInvalid(event.code);
      return;
    }
    this.onSocketFailed();
  };

  /** The socket is down: REST carries the messages meanwhile, and the socket is retried. */
  Connection.prototype.onSocketFailed = function () {
    this.attempts += 1;
    if (this.everOpened) this.handlers.onLost();
    this.useRest();
    var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(this.attempts, 5)));
    var self = this;
    this.clearTimer("retry");
    this.timers.retry = setTimeout(function () { self.connect(); }, delay);
  };

  Connection.prototype.useRest = function () {
    this.setMode("rest");
    var self = this;
    if (!this.timers.poll) {
      this.timers.poll = setInterval(function () { self.poll(); }, POLL_EVERY_MS);
    }
    this.poll();
  };

  /** In REST mode, the history is read now and then so that clinician messages still arrive. */
  Connection.prototype.poll = function () {
    var self = this;
    api.history(this.session).then(function (body) {
      self.handlers.onFrame({
        type: "history", messages: body.messages, triage: body.triage, status: body.status, live: self.everPolled
      });
      self.everPolled = true;
    }, function (err) {
      if (err.status === 404 || err.status === 401 || err.status === 403) {
        self.stop();
        self.handlers.onInvalid(err.status);
      }
    });
  };

  Connection.prototype.setMode = function (mode) {
    if (this.mode === mode) return;
    this.mode = mode;
    this.handlers.onModeChange(mode);
  };

  /** Sends the patient's text; resolves with a REST body when REST carried it, else null. */
  Connection.prototype.send = function (text) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "message", text: text }));
      return Promise.resolve(null);
    }
    return api.send(this.session, text);
  };

  Connection.prototype.clearTimer = function (name) {
    if (!this.timers[name]) return;
    clearTimeout(this.timers[name]);
    clearInterval(this.timers[name]);
    this.timers[name] = null;
  };

  Connection.prototype.stop = function () {
    this.stopped = true;
    var self = this;
    Object.keys(this.timers).forEach(function (name) { self.clearTimer(name); });
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close(1000);
      this.ws = null;
    }
  };

  /* ------------------------------------------------------------------ rendering */

  function senderLabel(message) {
    if (message.sender === "clinician") {
      var name = message.display_name || message.name || message.author || message.clinician_name;
      return name ? "Soignant·e — " + name : "Soignant·e";
    }
    return { bot: "Assistant", patient: "Vous", system: "Information" }[message.sender] || "Assistant";
  }

  function renderMessage(message, extras) {
    var sender = ["bot", "patient", "clinician", "system"].indexOf(message.sender) >= 0 ? message.sender : "bot";
    var label = senderLabel(message);
    var children;
    if (sender === "clinician") {
      children = [
        el("p", { class: "tw-msg__who" }, [el("span", { class: "tw-msg__badge", "aria-hidden": "true" }, ["+"]), label]),
        el("div", { class: "tw-msg__text" }, linkified(message.text || ""))
      ];
    } else {
      children = [el("div", { class: "tw-msg__text" }, [srOnly(label + " : ")].concat(linkified(message.text || "")))];
    }
    var node = el("div", { class: "tw-msg tw-msg--" + sender }, children);
    if (message.id !== undefined && message.id !== null) node.setAttribute("data-id", String(message.id));
    if (message.appointment && extras && extras.smsOffer) node.appendChild(extras.smsOffer());
    return node;
  }

  function renderQuickReplies(buttons, onPick) {
    var group = el("div", { class: "tw-quick", role: "group", "aria-label": "Réponses proposées" });
    buttons.forEach(function (button) {
      var b = el("button", { type: "button", class: "tw-quick__btn" }, [button.title || button.payload]);
      b.addEventListener("click", function () { onPick(button.payload || button.title, button.title); });
      group.appendChild(b);
    });
    return group;
  }

  function section(title, content) {
    return el("div", { class: "tw-card__section" }, [el("h4", { class: "tw-card__h" }, [title]), content]);
  }

  function list(items) {
    return el("ul", { class: "tw-card__list" }, items.map(function (item) { return el("li", {}, [String(item)]); }));
  }

  function callLinks(triage) {
    var links = el("div", { class: "tw-card__calls" }, [
      el("a", { class: "tw-call tw-call--primary", href: "tel:15" }, ["Appeler le 15 (SAMU)"]),
      el("a", { class: "tw-call", href: "tel:112" }, ["Appeler le 112"])
    ]);
    (triage.numbers || []).forEach(function (n) {
      var number = String(n.number || "").replace(/[^0-9+]/g, "");
      if (!number || number === "15" || number === "112") return;
      links.appendChild(el("a", { class: "tw-call", href: "tel:" + number }, [
        String(n.number) + (n.label ? " — " + n.label : "")
      ]));
    });
    return links;
  }

  function otherNumbers(triage) {
    var items = (triage.numbers || []).filter(function (n) { return n && n.number; });
    if (!items.length) return null;
    return section("Numéros utiles", el("ul", { class: "tw-card__list" }, items.map(function (n) {
      var number = String(n.number).replace(/[^0-9+]/g, "");
      return el("li", {}, [el("a", { href: "tel:" + number }, [String(n.number)]), n.label ? " — " + n.label : ""]);
    })));
  }

  function renderTriageCard(triage) {
    var level = LEVELS[triage.level] || { label: triage.level, emergency: false };
    var titleId = "tw-card-" + Math.random().toString(36).slice(2);
    var byClinician = triage.set_by && triage.set_by !== "protocol";
    var card = el("section", { class: "tw-card tw-card--" + triage.level, "aria-labelledby": titleId }, [
      el("p", { class: "tw-card__eyebrow" }, [byClinician ? "Orientation revue par un·e soignant·e" : "Résultat de l'orientation"]),
      el("h3", { class: "tw-card__level", id: titleId }, [level.label])
    ]);
    if (level.emergency) card.appendChild(callLinks(triage));
    if (triage.reasons && triage.reasons.length) card.appendChild(section("Pourquoi", list(triage.reasons)));
    if (triage.advice) card.appendChild(section("Que faire", el("p", { class: "tw-card__p" }, [triage.advice])));
    if (triage.safety_net && triage.safety_net.length) {
      card.appendChild(section("Rappelez-nous ou appelez le 15 si", list(triage.safety_net)));
    }
    if (!level.emergency) {
      var numbers = otherNumbers(triage);
      if (numbers) card.appendChild(numbers);
    }
    card.appendChild(el("p", { class: "tw-card__note" }, ["Aide à l'orientation, pas un diagnostic médical."]));
    return card;
  }

  /* ------------------------------------------------------------------ the widget */

  function Widget(host) {
    this.host = host;
    this.session = null;
    this.connection = null;
    this.seen = {};
    this.offered = null;
    this.status = "bot";
    this.triageKey = null;
    this.isOpen = false;
    this.starting = null;
    this.sending = false;
    this.typingTimer = null;
    this.build();
  }

  Widget.prototype.build = function () {
    var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;
    this.root = root;
    var self = this;
    var link = el("link", { rel: "stylesheet", href: CSS_URL });
    link.addEventListener("load", function () { self.host.removeAttribute("hidden"); });
    link.addEventListener("error", function () { self.host.removeAttribute("hidden"); });
    root.appendChild(link);

    this.launcher = el("button", {
      type: "button", class: "tw-launcher", "aria-expanded": "false", "aria-controls": "tw-panel"
    }, [chatIcon(),
      el("span", { class: "tw-launcher__text" }, ["Besoin d'un avis ? Discuter"]),
      this.badge = el("span", { class: "tw-launcher__badge", hidden: true }, [srOnly("(nouveau message)")])]);
    this.launcher.addEventListener("click", function () { self.toggle(); });

    this.panel = el("div", {
      id: "tw-panel", class: "tw-panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "tw-title", "aria-describedby": "tw-subtitle", hidden: true
    }, [this.buildHeader(), this.buildNotice(), this.buildLog(), this.buildFooter()]);
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); self.close(); }
    });
    root.appendChild(this.panel);
    root.appendChild(this.launcher);
  };

  Widget.prototype.buildHeader = function () {
    var self = this;
    var close = el("button", { type: "button", class: "tw-icon-btn", "aria-label": "Fermer la discussion" },
      [el("span", { "aria-hidden": "true" }, ["✕"])]);
    close.addEventListener("click", function () { self.close(); });
    return el("div", { class: "tw-header" }, [
      el("div", { class: "tw-header__titles" }, [
        el("h2", { id: "tw-title", class: "tw-title" }, ["Assistant d'orientation"]),
        el("p", { id: "tw-subtitle", class: "tw-subtitle" }, ["Assistant automatique, pas un médecin"])
      ]),
      close
    ]);
  };

  Widget.prototype.buildNotice = function () {
    var self = this;
    this.humanButton = el("button", { type: "button", class: "tw-human" }, [HUMAN_TEXT]);
    this.humanButton.addEventListener("click", function () { self.sendText(HUMAN_TEXT); });
    return el("div", { class: "tw-notice" }, [
      el("p", { class: "tw-notice__urgent" }, [
        "Urgence : ",
        el("a", { href: "tel:15" }, ["15"]), " ou ",
        el("a", { href: "tel:112" }, ["112"]),
        el("span", { class: "tw-notice__sms" }, [" (SMS : ", el("a", { href: "sms:114" }, ["114"]), ")"])
      ]),
      this.humanButton
    ]);
  };

  Widget.prototype.buildLog = function () {
    this.log = el("div", {
      class: "tw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": "Messages de la conversation", tabindex: "0"
    });
    this.typing = el("div", { class: "tw-typing", hidden: true }, [
      el("span", { class: "tw-typing__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
      this.typingText = el("span", {}, ["L'assistant écrit…"])
    ]);
    this.statusBar = el("div", { class: "tw-status", role: "status" });
    this.connBar = el("div", { class: "tw-conn", role: "status" });
    return el("div", { class: "tw-body" }, [this.log, this.typing, this.statusBar, this.connBar]);
  };

  Widget.prototype.buildFooter = function () {
    var self = this;
    this.input = el("textarea", {
      id: "tw-input", class: "tw-input", rows: "1", maxlength: "2000",
      placeholder: "Écrivez votre message…", autocomplete: "off"
    });
    this.sendButton = el("button", { type: "submit", class: "tw-send" }, ["Envoyer"]);
    this.restartButton = el("button", { type: "button", class: "tw-restart", hidden: true }, ["Nouvelle conversation"]);
    this.restartButton.addEventListener("click", function () { self.restart(); });
    this.form = el("form", { class: "tw-form", novalidate: true }, [
      el("label", { for: "tw-input", class: "tw-sr" }, ["Votre message"]),
      this.input, this.sendButton
    ]);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submitInput();
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.submitInput();
      }
    });
    return el("div", { class: "tw-footer" }, [this.form, this.restartButton]);
  };

  /* ---- open / close */

  Widget.prototype.toggle = function () {
    if (this.isOpen) this.close(); else this.open();
  };

  Widget.prototype.open = function () {
    this.isOpen = true;
    this.panel.removeAttribute("hidden");
    this.launcher.setAttribute("aria-expanded", "true");
    this.host.classList.add("tw-is-open");
    this.launcher.classList.add("tw-launcher--open");
    this.badge.setAttribute("hidden", "");
    storage.setOpen(true);
    this.scrollToEnd();
    this.focusInput();
    if (!this.session) this.ensureConversation();
  };

  Widget.prototype.close = function () {
    this.isOpen = false;
    this.panel.setAttribute("hidden", "");
    this.launcher.setAttribute("aria-expanded", "false");
    this.host.classList.remove("tw-is-open");
    this.launcher.classList.remove("tw-launcher--open");
    storage.setOpen(false);
    this.launcher.focus();
  };

  /** The focused element inside the widget (the shadow root hides it from document). */
  Widget.prototype.activeElement = function () {
    return this.root.activeElement !== undefined ? this.root.activeElement : document.activeElement;
  };

  Widget.prototype.focusInput = function () {
    var target = this.input.hasAttribute("hidden") || this.status === "closed" ? this.restartButton : this.input;
    if (target.hasAttribute("hidden")) target = this.log;
    target.focus();
  };

  /* ---- conversation lifecycle */

  Widget.prototype.ensureConversation = function () {
    if (this.starting) return this.starting;
    var self = this;
    var saved = storage.load();
    this.starting = (saved ? this.resume(saved) : this.start()).then(function () {
      self.starting = null;
    }, function () {
      self.starting = null;
    });
    return this.starting;
  };

  Widget.prototype.resume = function (saved) {
    this.session = { id: saved.id, token: saved.token, lastId: 0, phone: !!saved.phone };
    this.connect();
    return Promise.resolve();
  };

  Widget.prototype.start = function () {
    var self = this;
    this.showTyping("bot");
    return api.start().then(function (body) {
      self.adopt(body.conversation_id, body.conversation_token);
      self.applyBody(body, true);
      self.connect();
    }, function (err) {
      if (err.status === 404 || err.status === 405) return self.startWithFirstMessage();
      throw err;
    }).catch(function () {
      self.hideTyping();
      self.showConnectionError("Impossible de joindre l'assistant pour le moment. Réessayez dans un instant.", true);
    });
  };

  /** Older gateways have no POST /conversations: a new id is created by its first message. */
  Widget.prototype.startWithFirstMessage = function () {
    var self = this;
    var session = { id: newConversationId(), token: null, lastId: 0 };
    return api.send(session, "Bonjour").then(function (body) {
      self.adopt(session.id, body.conversation_token);
      self.applyBody(body, true);
      self.connect();
    });
  };

  Widget.prototype.adopt = function (id, token) {
    this.session = { id: id, token: token, lastId: 0 };
    storage.save(this.session);
    this.clearConnectionError();
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (this.connection) this.connection.stop();
    this.connection = new Connection(this.session, {
      onFrame: function (frame) { self.onFrame(frame); },
      onModeChange: function (mode) { self.panel.setAttribute("data-mode", mode); },
      onInvalid: function () { self.forgetAndRestart(); },
      onLost: function () { self.showConnectionError("Connexion perdue, nouvelle tentative…", false); },
      onRestored: function () { self.clearConnectionError(); }
    });
    this.connection.connect();
  };

  /** The saved conversation is unknown or expired: start a fresh one. */
  Widget.prototype.forgetAndRestart = function () {
    storage.clear();
    this.reset();
    if (this.isOpen) this.ensureConversation();
  };

  Widget.prototype.restart = function () {
    storage.clear();
    this.reset();
    this.ensureConversation();
    this.input.focus();
  };

  Widget.prototype.reset = function () {
    if (this.connection) this.connection.stop();
    this.connection = null;
    this.session = null;
    this.seen = {};
    this.triageKey = null;
    this.offered = null;
    this.log.textContent = "";
    this.setStatus("bot");
    this.hideTyping();
    this.clearConnectionError();
  };

  /* ---- incoming */

  Widget.prototype.onFrame = function (frame) {
    switch (frame.type) {
      case "history":
        this.applyBody(frame, frame.live === true);
        break;
      case "message":
        if (this.addMessage(frame.message, true)) this.renderQuickRepliesFor([frame.message]);
        break;
      case "triage":
        if (frame.triage) this.showTriage(frame.triage);
        if (frame.status) this.setStatus(frame.status);
        break;
      case "status":
        this.setStatus(frame.status);
        break;
      case "typing":
        if (frame.sender === "patient") break;
        if (frame.on) this.showTyping(frame.sender); else this.hideTyping();
        break;
      case "error":
        if (frame.message) this.showConnectionError(String(frame.message), false);
        break;
      default:
        break;
    }
  };

  /** A REST answer or a history frame: messages, then the triage card, then the status. */
  Widget.prototype.applyBody = function (body, live) {
    var self = this;
    var added = (body.messages || []).filter(function (m) { return self.addMessage(m, live); });
    this.renderQuickRepliesFor(added);
    if (body.triage) this.showTriage(body.triage);
    if (body.status) this.setStatus(body.status);
  };

  /** Adds a message unless already shown; returns true when it was added. */
  Widget.prototype.addMessage = function (message, live) {
    if (!message) return false;
    var hasId = message.id !== undefined && message.id !== null;
    if (hasId && this.seen[message.id]) return false;
    if (hasId) {
      this.seen[message.id] = true;
      if (message.id > (this.session.lastId || 0)) {
        this.session.lastId = message.id;
        storage.save(this.session);
      }
    }
    if (message.sender === "patient" && this.claimPending(message)) return false;
    var shown = message;
    if (message.sender === "patient") {
      shown = withButtonTitle(message, this.offered);
    } else {
      this.offered = message.buttons && message.buttons.length ? message.buttons : this.offered;
      this.hideTyping();
      this.clearQuickReplies();
    }
    var self = this;
    this.append(renderMessage(shown, { smsOffer: function () { return self.renderSmsOffer(); } }));
    if (live && !this.isOpen && message.sender !== "patient") this.badge.removeAttribute("hidden");
    return true;
  };

  /**
   * Under a booking confirmation: the patient may give a mobile number to get the
   * confirmation and a reminder by SMS (optional; POST /phone).
   */
  Widget.prototype.renderSmsOffer = function () {
    var self = this;
    var done = "C'est noté : vous recevrez la confirmation et un rappel par SMS.";
    if (this.session && this.session.phone) return el("p", { class: "tw-sms tw-sms--done" }, [done]);
    var id = "tw-sms-" + Math.random().toString(36).slice(2, 10);
    var input = el("input", {
      id: id, class: "tw-sms__input", type: "tel", inputmode: "tel", autocomplete: "tel",
      placeholder: "06 12 34 56 78", maxlength: "24", "aria-describedby": id + "-status"
    });
    var button = el("button", { type: "submit", class: "tw-sms__btn" }, ["Valider le numéro"]);
    var status = el("p", { id: id + "-status", class: "tw-sms__status", role: "status", "aria-live": "polite" });
    var form = el("form", { class: "tw-sms", novalidate: true }, [
      el("label", { for: id, class: "tw-sms__label" },
        ["Recevoir la confirmation et un rappel par SMS (facultatif) : votre numéro de portable"]),
      el("div", { class: "tw-sms__row" }, [input, button]),
      status
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var phone = input.value.trim();
      if (!phone) {
        status.textContent = "Indiquez un numéro de portable, par exemple 06 12 34 56 78.";
        input.focus();
        return;
      }
      button.disabled = true;
      status.textContent = "Envoi…";
      api.phone(self.session, phone).then(function () {
        self.session.phone = true;
        storage.save(self.session);
        var note = el("p", { class: "tw-sms tw-sms--done", role: "status", tabindex: "-1" }, [done]);
        form.replaceWith(note);
        note.focus();
      }, function (err) {
        button.disabled = false;
        input.setAttribute("aria-invalid", "true");
        if (err.code === "already_sms") {
          status.textContent = "Cette conversation a déjà lieu par SMS : vous recevrez la confirmation sur ce numéro.";
        } else if (err.status === 422) {  // invalid_phone, or too short or long to be a number
          status.textContent = "Ce numéro ne semble pas valide. Indiquez un portable, par exemple 06 12 34 56 78.";
        } else {
          status.textContent = "L'envoi n'a pas abouti. Réessayez dans un instant.";
        }
        input.focus();
      });
    });
    return form;
  };

  /** A quick reply's payload (e.g. "/book{...}") is shown as the title of its button. */
  function withButtonTitle(message, offered) {
    var match = (offered || []).filter(function (b) { return b.payload === message.text && b.title; })[0];
    if (!match) return message;
    var copy = Object.assign({}, message);
    copy.text = match.title;
    return copy;
  }

  /** A patient message echoed by the server (socket or history) that this tab already shows. */
  Widget.prototype.claimPending = function (message) {
    var unconfirmed = this.log.querySelectorAll(".tw-msg--patient[data-text]");
    for (var i = 0; i < unconfirmed.length; i += 1) {
      if (unconfirmed[i].getAttribute("data-text") === message.text) {
        unconfirmed[i].classList.remove("tw-msg--pending");
        unconfirmed[i].removeAttribute("data-text");
        if (message.id !== undefined && message.id !== null) unconfirmed[i].setAttribute("data-id", String(message.id));
        return true;
      }
    }
    return false;
  };

  /** Quick replies are offered for the last message only, when it is not the patient's. */
  Widget.prototype.renderQuickRepliesFor = function (messages) {
    var last = messages[messages.length - 1];
    var lastInLog = this.log.lastElementChild;
    if (!last || last.sender === "patient" || !last.buttons || !last.buttons.length) return;
    if (!lastInLog || !lastInLog.classList.contains("tw-msg")) return;
    if (this.status === "closed") return;
    var self = this;
    this.clearQuickReplies();
    this.append(renderQuickReplies(last.buttons, function (payload, title) { self.sendText(payload, title); }));
  };

  Widget.prototype.clearQuickReplies = function () {
    var groups = this.log.querySelectorAll(".tw-quick");
    for (var i = 0; i < groups.length; i += 1) groups[i].remove();
  };

  /** The card goes above a question still waiting for its quick replies (e.g. the slots offered), so the
   *  question and its choices stay together next to the text field instead of scrolled away above it. */
  Widget.prototype.showTriage = function (triage) {
    var key = [triage.level, triage.set_by || "", (triage.reasons || []).join("|")].join("#");
    if (key === this.triageKey) return;
    this.triageKey = key;
    var card = renderTriageCard(triage);
    var last = this.log.lastElementChild;
    var asking = last && last.classList.contains("tw-quick") ? last.previousElementSibling : null;
    if (asking && asking.classList.contains("tw-msg")) {
      this.log.insertBefore(card, asking);
      this.scrollToEnd();
    } else {
      this.append(card);
    }
    if ((LEVELS[triage.level] || {}).emergency) this.pinToTop(card);
  };

  /** An emergency card stays in view (level and call buttons) while the next messages arrive. */
  Widget.prototype.pinToTop = function (node) {
    var log = this.log;
    this.holdScrollUntil = Date.now() + 4000;
    requestAnimationFrame(function () { log.scrollTop = node.offsetTop - log.offsetTop - 8; });
  };

  Widget.prototype.setStatus = function (status) {
    this.status = status;
    this.panel.setAttribute("data-status", status);
    var text = STATUS_TEXT[status] || "";
    if (this.statusBar.textContent !== text) this.statusBar.textContent = text;
    var closed = status === "closed";
    var focusWasInForm = this.form.contains(this.activeElement());
    this.form.hidden = closed;
    this.restartButton.hidden = !closed;
    this.humanButton.hidden = closed || status === "waiting_clinician" || status === "with_clinician";
    if (closed) {
      this.clearQuickReplies();
      if (focusWasInForm) this.restartButton.focus();
    }
    this.typingText.textContent = status === "with_clinician" ? "Le·la soignant·e écrit…" : "L'assistant écrit…";
  };

  Widget.prototype.showTyping = function (sender) {
    var self = this;
    this.typingText.textContent = sender === "clinician" ? "Le·la soignant·e écrit…" : "L'assistant écrit…";
    this.typing.removeAttribute("hidden");
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () { self.hideTyping(); }, TYPING_TIMEOUT_MS);
    this.scrollToEnd();
  };

  Widget.prototype.hideTyping = function () {
    clearTimeout(this.typingTimer);
    this.typing.setAttribute("hidden", "");
  };

  Widget.prototype.showConnectionError = function (text, withRetry) {
    var self = this;
    this.connBar.textContent = "";
    this.connBar.appendChild(el("span", {}, [text]));
    if (withRetry) {
      var retry = el("button", { type: "button", class: "tw-retry" }, ["Réessayer"]);
      retry.addEventListener("click", function () {
        self.clearConnectionError();
        self.ensureConversation();
      });
      this.connBar.appendChild(retry);
    }
    this.connBar.classList.add("tw-conn--on");
  };

  Widget.prototype.clearConnectionError = function () {
    this.connBar.textContent = "";
    this.connBar.classList.remove("tw-conn--on");
  };

  Widget.prototype.append = function (node) {
    this.log.appendChild(node);
    this.scrollToEnd();
  };

  Widget.prototype.scrollToEnd = function () {
    var log = this.log;
    if (this.holdScrollUntil && Date.now() < this.holdScrollUntil) return;
    requestAnimationFrame(function () { log.scrollTop = log.scrollHeight; });
  };

  /* ---- outgoing */

  Widget.prototype.submitInput = function () {
    var text = this.input.value.trim();
    if (!text) return;
    if (this.sendText(text)) this.input.value = "";
  };

  /** Sends text (typed, a quick reply's payload, or the human request); false if not sent. */
  Widget.prototype.sendText = function (text, shownAs) {
    if (this.sending || this.status === "closed") return false;
    if (!this.session || !this.session.token) {
      this.showConnectionError("La conversation démarre, un instant…", false);
      this.ensureConversation();
      return false;
    }
    var self = this;
    var focused = this.activeElement();
    var refocus = focused === this.humanButton || (focused && focused.classList.contains("tw-quick__btn"));
    this.clearQuickReplies();
    var node = renderMessage({ sender: "patient", text: shownAs || text });
    node.classList.add("tw-msg--pending");
    node.setAttribute("data-text", text);
    this.append(node);
    if (refocus) this.input.focus();
    if (this.status === "bot") this.showTyping("bot");
    this.sending = this.connection.mode !== "ws";
    this.connection.send(text).then(function (body) {
      self.sending = false;
      if (!body) return;
      node.classList.remove("tw-msg--pending");
      self.applyBody(body, true);
      if (!body.messages || !body.messages.length) self.hideTyping();
    }, function (err) {
      self.sending = false;
      self.hideTyping();
      self.onSendFailed(node, err);
    });
    return true;
  };

  Widget.prototype.onSendFailed = function (node, err) {
    node.classList.remove("tw-msg--pending");
    node.removeAttribute("data-text");
    node.classList.add("tw-msg--failed");
    node.appendChild(el("p", { class: "tw-msg__error" }, [errorText(err)]));
    if (err.status === 404 || err.status === 401 || err.status === 403) this.forgetAndRestart();
  };

  function errorText(err) {
    if (err.status === 0) return "Message non envoyé : connexion perdue. Vérifiez votre connexion puis réessayez.";
    if (err.status === 413 || err.status === 422) return err.message || "Message refusé : il est vide ou trop long.";
    if (err.status === 429) return "Trop de messages d'un coup : patientez quelques secondes.";
    return err.message || "Message non envoyé. Réessayez dans un instant. En cas d'urgence, appelez le 15.";
  }

  /* ------------------------------------------------------------------ boot */

  function boot() {
    if (document.getElementById("triage-widget")) return;
    var host = el("div", { id: "triage-widget", class: "triage-widget-host", hidden: true });
    document.body.appendChild(host);
    var widget = new Widget(host);
    window.TriageWidget = {
      open: function () { widget.open(); },
      close: function () { widget.close(); }
    };
    if (storage.load()) {
      widget.ensureConversation();
      if (storage.wasOpen()) widget.open();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
