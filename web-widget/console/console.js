/*
 * Clinician console: login, live priority queue, conversation view and actions, the day's
 * appointments. Plain JS, same origin only; untrusted text is written with textContent.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "triage-console:token";
  var POLL_MS = 5000;

  var LEVELS = {
    emergency_ambulance: { rank: 0, label: "Urgence vitale — 15" },
    emergency: { rank: 1, label: "Urgences maintenant" },
    consultation_24: { rank: 2, label: "Consultation sous 24 h" },
    consultation: { rank: 3, label: "Consultation dans les jours" },
    self_care: { rank: 4, label: "Soins à domicile" }
  };

  var STATUSES = {
    bot: "Avec l'assistant",
    waiting_clinician: "En attente d'un·e soignant·e",
    with_clinician: "Pris en charge",
    closed: "Clôturée"
  };

  /* Complaint ids of data/protocol/complaints/ and their French labels (the queue sends ids). */
  var COMPLAINTS = {
    abdominal_pain: "Douleur au ventre",
    allergic_reaction: "Réaction allergique",
    anxiety: "Anxiété ou crise d'angoisse",
    asthma: "Crise d'asthme",
    back_pain: "Mal de dos",
    blood_pressure: "Tension artérielle élevée",
    breathlessness: "Difficulté à respirer",
    bruise: "Bleu ou contusion",
    burn: "Brûlure",
    cellulitis: "Peau rouge, chaude et gonflée (infection de la peau)",
    chest_pain: "Douleur dans la poitrine",
    constipation: "Constipation",
    contraceptive_pill: "Oubli ou erreur de pilule contraceptive",
    cough: "Toux",
    dental_pain: "Mal de dents",
    diabetes: "Problème de diabète (sucre trop bas ou trop haut)",
    ear_pain: "Mal d'oreille",
    eye_problem: "Problème à l'œil",
    fever: "Fièvre",
    foreign_body: "Objet coincé dans le nez ou l'oreille",
    gi_bleeding: "Sang dans les vomissements ou les selles",
    hallucinations: "Voix, visions ou idées inhabituelles (hallucinations)",
    hay_fever: "Allergie saisonnière (rhume des foins)",
    head_injury: "Choc à la tête",
    headache: "Mal de tête",
    insect_bite: "Piqûre d'insecte ou morsure de tique",
    jaundice: "Jaunisse (peau ou yeux jaunes)",
    leg_swelling: "Jambe ou mollet gonflé et douloureux",
    limb_injury: "Blessure d'un bras ou d'une jambe",
    low_mood: "Moral bas ou idées suicidaires",
    medication_error: "Erreur de médicament ou dose en trop",
    mouth_ulcer: "Aphte ou plaie dans la bouche",
    neck_pain: "Douleur ou raideur du cou (torticolis)",
    nosebleed: "Saignement de nez",
    palpitations: "Palpitations (cœur qui bat vite ou irrégulier)",
    pregnancy_bleeding: "Saignement ou problème pendant la grossesse",
    rash: "Boutons ou éruption sur la peau",
    sexual_exposure: "Rapport sexuel à risque (préservatif rompu ou absent)",
    sinusitis: "Sinusite ou nez bouché douloureux",
    sore_throat: "Mal de gorge",
    stroke: "Signes neurologiques (AVC possible)",
    sunburn: "Coup de soleil ou coup de chaleur",
    syncope: "Malaise ou perte de connaissance",
    testicular_pain: "Douleur d'un testicule",
    urinary: "Brûlures ou gêne pour uriner",
    vomiting_diarrhoea: "Vomissements ou diarrhée",
    wound: "Plaie ou coupure"
  };

  var ANSWER_LABELS = {
    age: "Âge", age_years: "Âge (ans)", subject: "Pour qui", duration_hours: "Durée (heures)",
    anticoagulant: "Anticoagulant", antiplatelet: "Antiagrégant plaquettaire", immunosuppressed: "Immunodépression", sex: "Sexe", duration: "Durée", duration_text: "Durée",
    pain: "Douleur (0 à 10)", pain_score: "Douleur (0 à 10)", pregnant: "Grossesse", pregnancy: "Grossesse",
    chronic: "Maladie chronique", chronic_illness: "Maladie chronique", chronic_conditions: "Maladies chroniques",
    treatments: "Traitements", anticoagulants: "Anticoagulants", fever: "Fièvre", temperature: "Température",
    complaint: "Motif", complaints: "Motifs", symptoms: "Symptômes", body_part: "Localisation",
    for_whom: "Pour qui", allergies: "Allergies"
  };

  /* ------------------------------------------------------------------ helpers */

  function $(id) { return document.getElementById(id); }

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

  function clear(node) { node.textContent = ""; }

  function announce(text) {
    var region = $("announcer");
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function alertNow(text) {
    var region = $("alerter");
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function levelLabel(level) { return (LEVELS[level] || { label: level || "Niveau non défini" }).label; }

  function levelBadge(level) {
    return el("span", { class: "badge badge--" + (LEVELS[level] ? level : "none") }, [levelLabel(level)]);
  }

  function formatWait(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) return seconds + " s";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + " min " + String(seconds % 60).padStart(2, "0") + " s";
    return Math.floor(minutes / 60) + " h " + String(minutes % 60).padStart(2, "0") + " min";
  }

  function formatTime(value) {
    if (value === undefined || value === null || value === "") return "";
    var date = typeof value === "number" ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
    if (isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" })
      .format(date);
  }

  function todayIso() {
    var parts = new Intl.DateTimeFormat("fr-CA", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
    }).format(new Date());
    return parts.slice(0, 10);
  }

  function display(value) {
    if (value === true) return "Oui";
    if (value === false) return "Non";
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.map(display).join(", ") : "—";
    if (typeof value === "object") return Object.keys(value).map(function (k) { return k + " : " + display(value[k]); }).join(" ; ");
    return String(value);
  }

  var HANDOFF_REASONS = {
    patient_request: "Le patient demande à parler à un humain",
    possible_emergency: "Urgence possible que le protocole n'a pas reconnue : à lire en priorité",
    asked_human: "Le patient demande à parler à un humain",
    red_flag: "Signe d'alerte",
    emergency: "Niveau urgent",
    uncertain: "Résultat incertain du protocole",
    protocol_uncertain: "Résultat incertain du protocole",
    protocol: "Décision du protocole (niveau urgent ou incertain)"
  };

  var ANSWER_VALUES = { self: "Le patient lui-même", other: "Un proche", child: "Un enfant", male: "Homme", female: "Femme" };

  function complaintLabel(id) { return COMPLAINTS[id] || String(id).replace(/_/g, " "); }

  /** The handoff summary is an object (reason, state, triage…); only its reason is worth a line. */
  function summaryText(summary) {
    if (!summary) return "";
    if (typeof summary === "string") return summary;
    var reason = summary.reason || summary.handoff_reason;
    var parts = [];
    if (reason) parts.push("Motif du transfert : " + (HANDOFF_REASONS[reason] || String(reason)) + ".");
    if (typeof summary.text === "string") parts.push(summary.text);
    return parts.join("\n");
  }

  function answerLabel(key) {
    if (ANSWER_LABELS[key]) return ANSWER_LABELS[key];
    var words = String(key).replace(/[_-]+/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /* ------------------------------------------------------------------ API */

  function ApiError(status, code, message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  var auth = {
    token: function () { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } },
    set: function (token) { try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* ignore */ } },
    clear: function () { try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ } }
  };

  function call(method, path, body, options) {
    var headers = { Accept: "application/json" };
    var token = auth.token();
    if (token) headers.Authorization = "Bearer " + token;
    var payload;
    if (options && options.form) {
      payload = new URLSearchParams(body);
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    return fetch(path, { method: method, headers: headers, body: payload, credentials: "omit" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) return data;
          var err = (data && data.error) || {};
          var detail = typeof data.detail === "string" ? data.detail : "";
          var error = new ApiError(response.status, err.code || "http_" + response.status, err.message || detail);
          if (response.status === 401 && !(options && options.form)) app.sessionExpired();
          throw error;
        });
      }, function () {
        throw new ApiError(0, "network", "");
      });
  }

  function errorText(err, fallback) {
    if (err.status === 0) return "Connexion perdue, nouvelle tentative…";
    return err.message || fallback;
  }

  var api = {
    login: function (username, password) {
      return call("POST", "/api/v1/clinician/token", { username: username, password: password }, { form: true });
    },
    me: function () { return call("GET", "/api/v1/clinician/me"); },
    queue: function () { return call("GET", "/api/v1/clinician/queue"); },
    conversation: function (id) { return call("GET", "/api/v1/clinician/conversations/" + encodeURIComponent(id)); },
    claim: function (id) { return call("POST", "/api/v1/clinician/conversations/" + encodeURIComponent(id) + "/claim"); },
    reply: function (id, text) {
      return call("POST", "/api/v1/clinician/conversations/" + encodeURIComponent(id) + "/messages", { text: text });
    },
    level: function (id, level, reason) {
      return call("POST", "/api/v1/clinician/conversations/" + encodeURIComponent(id) + "/level",
        { level: level, reason: reason });
    },
    handback: function (id) {
      return call("POST", "/api/v1/clinician/conversations/" + encodeURIComponent(id) + "/handback");
    },
    close: function (id, outcome) {
      return call("POST", "/api/v1/clinician/conversations/" + encodeURIComponent(id) + "/close", { outcome: outcome });
    },
    appointments: function (date) {
      return call("GET", "/api/v1/clinician/appointments?date=" + encodeURIComponent(date));
    }
  };

  /* ------------------------------------------------------------------ live feed */

  /** WS /ws/clinician, falling back to polling the queue every 5 s while the socket is down. */
  function LiveFeed(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.attempts = 0;
    this.pollTimer = null;
    this.retryTimer = null;
    this.stopped = false;
  }

  LiveFeed.prototype.start = function () {
    this.stopped = false;
    this.connect();
  };

  LiveFeed.prototype.connect = function () {
    if (this.stopped) return;
    var self = this;
    var url = location.origin.replace(/^http/, "ws") + "/ws/clinician?token=" + encodeURIComponent(auth.token() || "");
    var ws;
    try { ws = new WebSocket(url); } catch (e) { this.failed(); return; }
    this.ws = ws;
    var opened = false;
    var timeout = setTimeout(function () { if (!opened) ws.close(); }, 5000);
    ws.onopen = function () {
      opened = true;
      clearTimeout(timeout);
      self.attempts = 0;
      self.stopPolling();
      self.handlers.onState("live");
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && frame.type === "ping") { ws.send(JSON.stringify({ type: "pong" })); return; }
      if (frame && frame.type) self.handlers.onFrame(frame);
    };
    ws.onclose = function (event) {
      clearTimeout(timeout);
      self.ws = null;
      if (self.stopped) return;
      if (event.code === 4401) { self.handlers.onUnauthorized(); return; }
      self.failed();
    };
  };

  LiveFeed.prototype.failed = function () {
    this.attempts += 1;
    this.handlers.onState("polling");
    this.startPolling();
    var self = this;
    var delay = Math.min(30000, 2000 * Math.pow(2, Math.min(this.attempts, 4)));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.connect(); }, delay);
  };

  LiveFeed.prototype.startPolling = function () {
    if (this.pollTimer) return;
    var self = this;
    var tick = function () { self.handlers.onPoll(); };
    tick();
    this.pollTimer = setInterval(tick, POLL_MS);
  };

  LiveFeed.prototype.stopPolling = function () {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  };

  LiveFeed.prototype.stop = function () {
    this.stopped = true;
    this.stopPolling();
    clearTimeout(this.retryTimer);
    if (this.ws) { this.ws.onclose = null; this.ws.close(1000); this.ws = null; }
    this.handlers.onState("off");
  };

  /* ------------------------------------------------------------------ queue */

  var queue = {
    items: [],
    receivedAt: 0,
    known: null,
    flagged: {},

    update: function (items) {
      var previous = this.known;
      this.items = (items || []).slice().sort(function (a, b) {
        var ra = (LEVELS[a.level] || { rank: 9 }).rank;
        var rb = (LEVELS[b.level] || { rank: 9 }).rank;
        return ra - rb || (b.waiting_seconds || 0) - (a.waiting_seconds || 0);
      });
      this.receivedAt = Date.now();
      this.known = {};
      var fresh = [];
      this.items.forEach(function (item) {
        queue.known[item.conversation_id] = true;
        if (previous && !previous[item.conversation_id]) fresh.push(item);
      });
      fresh.forEach(function (item) { announce("Nouveau patient en attente : " + levelLabel(item.level) + "."); });
      this.render();
    },

    render: function () {
      var list = $("queue-list");
      var focusedId = document.activeElement && document.activeElement.getAttribute("data-conversation");
      clear(list);
      this.items.forEach(function (item) { list.appendChild(queue.renderItem(item)); });
      $("queue-empty").hidden = this.items.length > 0;
      $("queue-count").textContent = this.items.length ? "(" + this.items.length + ")" : "";
      if (focusedId) {
        var again = list.querySelector('[data-conversation="' + CSS.escape(focusedId) + '"]');
        if (again) again.focus();
      }
    },

    renderItem: function (item) {
      var id = item.conversation_id;
      var complaints = Array.isArray(item.complaints) ? item.complaints.map(complaintLabel).join(", ") : (item.complaints || "");
      var selected = app.currentId === id;
      var flagged = item.red_flag || this.flagged[id];
      var button = el("button", {
        type: "button", class: "qitem" + (selected ? " qitem--selected" : "") + (flagged ? " qitem--flag" : ""),
        "data-conversation": id, "aria-current": selected ? "true" : false
      }, [
        el("span", { class: "qitem__top" }, [
          levelBadge(item.level),
          el("span", { class: "qitem__wait", "data-wait": String(item.waiting_seconds || 0) }, [
            "attend depuis " + formatWait(item.waiting_seconds || 0)
          ])
        ]),
        el("span", { class: "qitem__what" }, [complaints || HANDOFF_REASONS[item.reason] || item.reason || "Motif non précisé"]),
        el("span", { class: "qitem__meta" }, [
          (item.channel === "sms" ? "SMS" : "Web") + " · " + (STATUSES[item.status] || item.status || "") +
          (item.claimed_by ? " · pris par " + (item.claimed_by_name || item.claimed_by) : "") +
          (flagged ? " · signe d'alerte" : "")
        ])
      ]);
      button.addEventListener("click", function () { app.openConversation(id); });
      return el("li", {}, [button]);
    },

    /** Waiting times move on between updates, without re-rendering the list. */
    tick: function () {
      var elapsed = (Date.now() - this.receivedAt) / 1000;
      var spans = document.querySelectorAll(".qitem__wait");
      Array.prototype.forEach.call(spans, function (span) {
        span.textContent = "attend depuis " + formatWait(Number(span.getAttribute("data-wait")) + elapsed);
      });
    }
  };

  /** The conversation endpoint gives the claimer's login; the queue also knows their name. */
  function claimerName(data) {
    if (!data.claimed_by) return "personne";
    var item = queue.items.filter(function (i) { return i.conversation_id === data.conversation_id; })[0];
    return (item && item.claimed_by_name) || data.claimed_by;
  }

  /* ------------------------------------------------------------------ conversation view */

  var view = {
    data: null,
    seen: {},

    show: function (data) {
      this.data = data;
      $("conv-placeholder").hidden = true;
      $("conv-body").hidden = false;
      $("conv-title").textContent = "Conversation " + data.conversation_id;
      this.renderMeta(data);
      this.renderTriage(data);
      this.renderAnswers(data.answers || {});
      this.renderTranscript(data.messages || []);
      this.renderActions(data);
    },

    renderMeta: function (data) {
      var meta = $("conv-meta");
      clear(meta);
      [
        ["Statut", STATUSES[data.status] || data.status],
        ["Canal", data.channel === "sms" ? "SMS" : "Web"],
        ["Attente", data.waiting_seconds !== undefined && data.waiting_seconds !== null ? formatWait(data.waiting_seconds) : "—"],
        ["Pris en charge par", claimerName(data)]
      ].forEach(function (pair) {
        meta.appendChild(el("span", { class: "chip" }, [el("span", { class: "chip__k" }, [pair[0] + " : "]), display(pair[1])]));
      });
    },

    renderTriage: function (data) {
      var box = $("triage-summary");
      clear(box);
      var triage = data.triage;
      if (!triage) {
        box.appendChild(el("p", { class: "muted" }, ["Pas encore de niveau : le questionnaire n'est pas terminé."]));
      } else {
        box.appendChild(el("p", {}, [levelBadge(triage.level),
          triage.set_by ? el("span", { class: "muted small" }, [" décidé par " + (triage.set_by === "protocol" ? "le protocole" : triage.set_by)]) : null]));
        if (triage.reasons && triage.reasons.length) {
          box.appendChild(el("ul", { class: "reasons" }, triage.reasons.map(function (r) { return el("li", {}, [String(r)]); })));
        }
        if (this.renderedLevel !== triage.level) $("level-select").value = triage.level;
        this.renderedLevel = triage.level;
      }
      var summary = summaryText(data.summary);
      if (summary) box.appendChild(el("p", { class: "summary" }, [summary]));
    },

    renderAnswers: function (answers) {
      var dl = $("answers");
      clear(dl);
      var keys = Object.keys(answers);
      if (!keys.length) {
        dl.appendChild(el("dt", {}, ["—"]));
        dl.appendChild(el("dd", { class: "muted" }, ["Aucune réponse enregistrée."]));
        return;
      }
      keys.forEach(function (key) {
        dl.appendChild(el("dt", {}, [answerLabel(key)]));
        var value = answers[key];
        dl.appendChild(el("dd", {}, [typeof value === "string" && ANSWER_VALUES[value] ? ANSWER_VALUES[value] : display(value)]));
      });
    },

    renderTranscript: function (messages) {
      var list = $("transcript");
      clear(list);
      this.seen = {};
      this.offered = null;
      messages.forEach(function (m) { view.appendMessage(m, false); });
    },

    appendMessage: function (message, live) {
      if (message.id !== undefined && message.id !== null) {
        if (this.seen[message.id]) return;
        this.seen[message.id] = true;
      }
      var text = message.text || "";
      if (message.sender === "patient") {
        var match = (this.offered || []).filter(function (b) { return b.payload === text && b.title; })[0];
        if (match) text = match.title;
      } else if (message.buttons && message.buttons.length) {
        this.offered = message.buttons;
      }
      var who = { patient: "Patient·e", bot: "Assistant", system: "Système", clinician: "Soignant·e" }[message.sender] || message.sender;
      var author = message.author || message.display_name || message.name;
      if (message.sender === "clinician" && author) who += " — " + author;
      var item = el("li", { class: "tmsg tmsg--" + message.sender }, [
        el("span", { class: "tmsg__who" }, [who, message.ts ? el("span", { class: "tmsg__ts" }, [" · " + formatTime(message.ts)]) : null]),
        el("span", { class: "tmsg__text" }, [text]),
        message.buttons && message.buttons.length ? el("span", { class: "tmsg__buttons" }, [
          "Choix proposés : " + message.buttons.map(function (b) { return b.title; }).join(" · ")
        ]) : null
      ]);
      var list = $("transcript");
      list.appendChild(item);
      list.scrollTop = list.scrollHeight;
      if (live && message.sender === "patient") announce("Nouveau message du patient.");
    },

    renderActions: function (data) {
      var closed = data.status === "closed";
      $("claim").hidden = !!data.claimed_by || closed;
      $("handback").disabled = closed;
      Array.prototype.forEach.call(document.querySelectorAll("#level-form button, #close-form button, #reply-form button"),
        function (button) { button.disabled = closed; });
    }
  };

  /* ------------------------------------------------------------------ appointments */

  var appointments = {
    load: function () {
      var date = $("appts-date").value || todayIso();
      var state = $("appts-state");
      var list = $("appts-list");
      state.textContent = "Chargement…";
      api.appointments(date).then(function (body) {
        var items = Array.isArray(body) ? body : (body.items || body.appointments || []);
        appointments.render(items);
      }, function (err) {
        clear(list);
        if (err.status === 404 || err.status === 405) state.textContent = "Aucun rendez-vous.";
        else state.textContent = "Impossible de charger les rendez-vous : " + errorText(err, "erreur du serveur.");
      });
    },

    render: function (items) {
      var list = $("appts-list");
      clear(list);
      $("appts-state").textContent = items.length ? items.length + " rendez-vous." : "Aucun rendez-vous.";
      items.slice().sort(function (a, b) {
        return String(a.start || a.starts_at || "").localeCompare(String(b.start || b.starts_at || ""));
      }).forEach(function (appt) { list.appendChild(appointments.renderItem(appt)); });
    },

    renderItem: function (appt) {
      var start = appt.start || appt.starts_at || appt.slot_start;
      var who = appt.clinician_name || appt.clinician || "";
      var children = [
        el("span", { class: "appt__time" }, [formatTime(start) || "—"]),
        appt.level ? levelBadge(appt.level) : null,
        el("span", { class: "appt__who" }, [typeof who === "object" ? display(who.display_name || who.name) : String(who)]),
        appt.status && appt.status !== "booked" ? el("span", { class: "muted small" }, [String(appt.status)]) : null
      ];
      if (appt.conversation_id) {
        var open = el("button", { type: "button", class: "btn btn--small" }, ["Voir la conversation"]);
        open.addEventListener("click", function () { app.openConversation(appt.conversation_id); });
        children.push(open);
      }
      return el("li", { class: "appt" }, children);
    }
  };

  /* ------------------------------------------------------------------ app */

  var app = {
    currentId: null,
    feed: null,
    me: null,

    init: function () {
      $("login-form").addEventListener("submit", function (e) { e.preventDefault(); app.login(); });
      $("logout").addEventListener("click", function () { app.logout("Vous êtes déconnecté·e."); });
      $("claim").addEventListener("click", function () { app.act("claim"); });
      $("handback").addEventListener("click", function () { app.act("handback"); });
      $("reply-form").addEventListener("submit", function (e) { e.preventDefault(); app.reply(); });
      $("reply-text").addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); app.reply(); }
      });
      $("level-form").addEventListener("submit", function (e) { e.preventDefault(); app.changeLevel(); });
      $("close-form").addEventListener("submit", function (e) { e.preventDefault(); app.act("close"); });
      $("appts-date").value = todayIso();
      $("appts-date").addEventListener("change", function () { appointments.load(); });
      setInterval(function () { queue.tick(); }, 1000);
      if (auth.token()) this.enter(); else this.showLogin("");
    },

    showLogin: function (message) {
      $("workspace").hidden = true;
      $("user-box").hidden = true;
      $("login").hidden = false;
      $("login-error").textContent = message || "";
      $("username").focus();
    },

    login: function () {
      var username = $("username").value.trim();
      var password = $("password").value;
      if (!username || !password) {
        $("login-error").textContent = "Saisissez votre identifiant et votre mot de passe.";
        (username ? $("password") : $("username")).focus();
        return;
      }
      $("login-error").textContent = "";
      api.login(username, password).then(function (body) {
        auth.set(body.access_token);
        $("password").value = "";
        app.enter();
      }, function (err) {
        var text = err.status === 401 || err.status === 400 ? "Identifiant ou mot de passe incorrect."
          : err.status === 404 ? "La connexion des soignant·es n'est pas encore disponible sur ce serveur."
            : errorText(err, "Connexion impossible. Réessayez.");
        $("login-error").textContent = text;
        $("password").focus();
      });
    },

    enter: function () {
      $("login").hidden = true;
      $("workspace").hidden = false;
      $("user-box").hidden = false;
      api.me().then(function (me) {
        app.me = me;
        $("user-name").textContent = me.display_name || me.login;
      }, function () { /* the name is a nicety */ });
      this.feed = new LiveFeed({
        onFrame: function (frame) { app.onFrame(frame); },
        onPoll: function () { app.poll(); },
        onState: function (state) { app.setLiveState(state); },
        onUnauthorized: function () { app.sessionExpired(); }
      });
      this.feed.start();
      appointments.load();
      $("main").focus();
    },

    logout: function (message) {
      if (this.feed) this.feed.stop();
      this.feed = null;
      auth.clear();
      this.currentId = null;
      view.data = null;
      $("conv-body").hidden = true;
      $("conv-placeholder").hidden = false;
      this.showLogin(message);
    },

    sessionExpired: function () {
      if (!auth.token()) return;
      this.logout("Votre session a expiré : reconnectez-vous.");
    },

    setLiveState: function (state) {
      var badge = $("live-state");
      badge.setAttribute("data-state", state);
      badge.textContent = { live: "En direct", polling: "Connexion perdue, actualisation toutes les 5 s", off: "Hors ligne" }[state];
      $("queue-error").textContent = "";
    },

    onFrame: function (frame) {
      switch (frame.type) {
        case "queue":
          queue.update(frame.items);
          break;
        case "message":
          if (frame.conversation_id === this.currentId && frame.message) view.appendMessage(frame.message, true);
          break;
        case "red_flag":
          queue.flagged[frame.conversation_id] = true;
          queue.render();
          alertNow("Signe d'alerte dans une conversation en cours : à voir en priorité.");
          break;
        case "status":
          if (frame.conversation_id === this.currentId) this.refreshConversation();
          break;
        default:
          break;
      }
    },

    poll: function () {
      api.queue().then(function (body) { queue.update(body.items); }, function (err) {
        $("queue-error").textContent = "File d'attente indisponible : " + errorText(err, "erreur du serveur.");
      });
      if (this.currentId) this.refreshConversation();
    },

    openConversation: function (id) {
      this.currentId = id;
      $("conv-error").textContent = "";
      queue.render();
      api.conversation(id).then(function (data) {
        if (app.currentId !== id) return;
        view.show(data);
        $("conv-title").focus();
      }, function (err) {
        $("conv-error").textContent = "Impossible d'ouvrir la conversation : " + errorText(err, "erreur du serveur.");
      });
    },

    refreshConversation: function () {
      var id = this.currentId;
      api.conversation(id).then(function (data) {
        if (app.currentId !== id) return;
        view.data = data;
        view.renderMeta(data);
        view.renderTriage(data);
        view.renderAnswers(data.answers || {});
        (data.messages || []).forEach(function (m) { view.appendMessage(m, true); });
        view.renderActions(data);
      }, function () { /* the next frame or poll will tell */ });
    },

    feedback: function (text, isError) {
      var node = $("action-feedback");
      node.textContent = text;
      node.classList.toggle("feedback--error", !!isError);
    },

    act: function (action) {
      var id = this.currentId;
      if (!id) return;
      var labels = {
        claim: ["Conversation prise en charge.", "Prise en charge impossible"],
        handback: ["La main est rendue à l'assistant.", "Impossible de rendre la main"],
        close: ["Conversation clôturée.", "Clôture impossible"]
      };
      var request = action === "claim" ? api.claim(id)
        : action === "handback" ? api.handback(id) : api.close(id, $("close-outcome").value);
      request.then(function () {
        app.feedback(labels[action][0], false);
        app.refreshConversation();
        if (action === "claim") $("reply-text").focus();
      }, function (err) {
        var text = err.status === 409 ? "Déjà prise en charge par un·e autre soignant·e."
          : labels[action][1] + " : " + errorText(err, "erreur du serveur.");
        app.feedback(text, true);
        app.refreshConversation();
      });
    },

    reply: function () {
      var field = $("reply-text");
      var text = field.value.trim();
      if (!text || !this.currentId) { field.focus(); return; }
      api.reply(this.currentId, text).then(function (message) {
        field.value = "";
        if (message && message.text) view.appendMessage(message, false);
        app.feedback("Message envoyé.", false);
      }, function (err) {
        app.feedback("Message non envoyé : " + errorText(err, "erreur du serveur."), true);
      });
    },

    changeLevel: function () {
      var reason = $("level-reason");
      var error = $("level-error");
      if (!reason.value.trim()) {
        error.textContent = "Indiquez le motif du changement de niveau.";
        reason.setAttribute("aria-invalid", "true");
        reason.focus();
        return;
      }
      error.textContent = "";
      reason.removeAttribute("aria-invalid");
      api.level(this.currentId, $("level-select").value, reason.value.trim()).then(function () {
        reason.value = "";
        app.feedback("Niveau modifié : " + levelLabel($("level-select").value) + ".", false);
        app.refreshConversation();
      }, function (err) {
        app.feedback("Changement de niveau impossible : " + errorText(err, "erreur du serveur."), true);
      });
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { app.init(); });
  else app.init();
})();
