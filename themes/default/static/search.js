/* kartsite search: works offline and from file://.
 *
 * The index (search-index.js, written by `kartsite build`) is loaded with a
 * script tag the first time the search box is used; nothing is fetched from
 * any other host. Words are stemmed with the Snowball algorithm of the
 * report's language (Swedish, Norwegian or English), the same algorithm the
 * build used, so "trygghet" and "trygg" meet at the stem "trygg". A query
 * stem also matches index stems that start with it or contain it, so
 * "trygg" finds "otrygga" (stem "otrygg") too.
 *
 * The stemmers are written for kartsite from the algorithm descriptions at
 * snowballstem.org; a test compares them with the Rust build's stemmer.
 */
(function () {
  "use strict";

  /* ---- Snowball stemmers (input: one lowercase word) ---- */

  function has(set, c) {
    return c !== undefined && set.indexOf(c) >= 0;
  }

  // The longest suffix of `w` (an array of characters) from `list` that
  // lies at or after position `from`; "" when there is none.
  function longest(w, from, list) {
    var best = "";
    var s = w.join("");
    for (var i = 0; i < list.length; i++) {
      var x = list[i];
      if (x.length > best.length && w.length - x.length >= from &&
          s.slice(s.length - x.length) === x) {
        best = x;
      }
    }
    return best;
  }

  // Scandinavian R1: after the first non-vowel that follows a vowel, but
  // at least 3 letters in.
  function nordicP1(w, vowels) {
    var n = w.length;
    if (n < 3) return n;
    var i = 0;
    while (i < n && !has(vowels, w[i])) i++;
    while (i < n && has(vowels, w[i])) i++;
    if (i >= n) return n;
    return Math.max(i + 1, 3);
  }

  var SV_V = "aeiouy\u00e4\u00e5\u00f6";
  var SV_MAIN = ("a arna erna heterna orna ad e ade ande arne are aste en anden " +
    "aren heten ern ar er heter or as arnas ernas ornas es ades andes ens " +
    "arens hetens erns at andet het ast s").split(" ");

  function swedish(word) {
    var w = Array.from(word);
    var p1 = nordicP1(w, SV_V);
    var m = longest(w, p1, SV_MAIN);
    if (m === "s") {
      if (has("bcdfghjklmnoprtvy", w[w.length - 2])) w.length -= 1;
    } else if (m) {
      w.length -= m.length;
    }
    if (longest(w, p1, ["dd", "gd", "nn", "dt", "gt", "kt", "tt"])) w.length -= 1;
    var o = longest(w, p1, ["lig", "ig", "els", "l\u00f6st", "fullt"]);
    if (o === "l\u00f6st" || o === "fullt") w.length -= 1;
    else if (o) w.length -= o.length;
    return w.join("");
  }

  var NB_V = "aeiouy\u00e6\u00e5\u00f8";
  var NB_MAIN = ("a e ede ande ende ane ene hetene en heten ar er heter as es " +
    "edes endes enes hetenes ens hetens ers ets et het ast s erte ert").split(" ");

  function norwegian(word) {
    var w = Array.from(word);
    var p1 = nordicP1(w, NB_V);
    var m = longest(w, p1, NB_MAIN);
    var n = w.length;
    if (m === "s") {
      var c = w[n - 2];
      if (has("bcdfghjlmnoprtvyz", c) ||
          (c === "k" && n >= 3 && !has(NB_V, w[n - 3]))) {
        w.length -= 1;
      }
    } else if (m === "erte" || m === "ert") {
      w.length -= m.length - 2;
    } else if (m) {
      w.length -= m.length;
    }
    if (longest(w, p1, ["dt", "vt"])) w.length -= 1;
    var o = longest(w, p1, ["leg", "eleg", "ig", "eig", "lig", "elig", "els",
      "lov", "elov", "slov", "hetslov"]);
    if (o) w.length -= o.length;
    return w.join("");
  }

  /* English: the Porter2 ("english") Snowball algorithm. */
  var EN_V = "aeiouy";
  var EN_EXC1 = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie",
    idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli",
    singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EN_EXC2 = ["inning", "outing", "canning", "herring", "earring",
    "proceed", "exceed", "succeed"];
  var EN_S2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent",
    izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate",
    alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous",
    ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble",
    ogi: "og", fulli: "ful", lessli: "less", li: ""
  };
  var EN_S3 = {
    tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic",
    ical: "ic", ful: "", ness: "", ative: ""
  };
  var EN_S4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
    "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

  function englishShortV(w, at) {
    // A short syllable ends at `at`.
    var a = w[at - 1], b = w[at - 2], c = w[at - 3];
    if (at >= 3 && !has(EN_V + "wxY", a) && has(EN_V, b) && !has(EN_V, c)) return true;
    return at === 2 && !has(EN_V, a) && has(EN_V, b);
  }

  function hasVowelBefore(w, end) {
    for (var i = 0; i < end; i++) if (has(EN_V, w[i])) return true;
    return false;
  }

  // After the first non-vowel that follows a vowel, from `from`; -1 if none.
  function pastVowelConsonant(w, from) {
    var i = from, n = w.length;
    while (i < n && !has(EN_V, w[i])) i++;
    while (i < n && has(EN_V, w[i])) i++;
    return i < n ? i + 1 : -1;
  }

  function replaceEnd(w, len, by) {
    w.length -= len;
    for (var i = 0; i < by.length; i++) w.push(by.charAt(i));
  }

  function english(word) {
    if (Object.prototype.hasOwnProperty.call(EN_EXC1, word)) return EN_EXC1[word];
    var w = Array.from(word);
    if (w.length < 3) return word;
    if (w[0] === "'") w.shift();
    var yFound = false, i;
    if (w[0] === "y") { w[0] = "Y"; yFound = true; }
    for (i = 1; i < w.length; i++) {
      if (w[i] === "y" && has(EN_V, w[i - 1])) { w[i] = "Y"; yFound = true; }
    }
    var n = w.length, p1 = n, p2 = n, s = w.join(""), pre = -1;
    if (s.indexOf("gener") === 0 || s.indexOf("arsen") === 0) pre = 5;
    else if (s.indexOf("commun") === 0) pre = 6;
    if (pre < 0) pre = pastVowelConsonant(w, 0);
    if (pre >= 0) {
      p1 = pre;
      i = pastVowelConsonant(w, p1);
      if (i >= 0) p2 = i;
    }
    var m;
    // Step 1a
    m = longest(w, 0, ["'", "'s", "'s'"]);
    if (m) w.length -= m.length;
    m = longest(w, 0, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (m === "sses") {
      w.length -= 2;
    } else if (m === "ied" || m === "ies") {
      replaceEnd(w, 3, w.length - 3 >= 2 ? "i" : "ie");
    } else if (m === "s") {
      if (w.length >= 2 && hasVowelBefore(w, w.length - 2)) w.length -= 1;
    }
    if (EN_EXC2.indexOf(w.join("")) < 0) {
      // Step 1b
      m = longest(w, 0, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
      if (m === "eed" || m === "eedly") {
        if (w.length - m.length >= p1) replaceEnd(w, m.length, "ee");
      } else if (m && hasVowelBefore(w, w.length - m.length)) {
        w.length -= m.length;
        var t = longest(w, 0, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm",
          "nn", "pp", "rr", "tt"]);
        if (t === "at" || t === "bl" || t === "iz") w.push("e");
        else if (t) w.length -= 1;
        else if (w.length === p1 && englishShortV(w, w.length)) w.push("e");
      }
      // Step 1c
      n = w.length;
      if ((w[n - 1] === "y" || w[n - 1] === "Y") && n >= 3 && !has(EN_V, w[n - 2])) {
        w[n - 1] = "i";
      }
      // Step 2
      m = longest(w, 0, Object.keys(EN_S2));
      n = w.length;
      if (m && n - m.length >= p1) {
        if (m === "ogi") {
          if (w[n - 4] === "l") replaceEnd(w, 3, "og");
        } else if (m === "li") {
          if (has("cdeghkmnrt", w[n - 3])) w.length -= 2;
        } else {
          replaceEnd(w, m.length, EN_S2[m]);
        }
      }
      // Step 3
      m = longest(w, 0, Object.keys(EN_S3));
      n = w.length;
      if (m && n - m.length >= p1 && (m !== "ative" || n - m.length >= p2)) {
        replaceEnd(w, m.length, EN_S3[m]);
      }
      // Step 4
      m = longest(w, 0, EN_S4);
      n = w.length;
      if (m && n - m.length >= p2) {
        if (m !== "ion") w.length -= m.length;
        else if (has("st", w[n - 4])) w.length -= 3;
      }
      // Step 5
      n = w.length;
      if (w[n - 1] === "e") {
        if (n - 1 >= p2 || (n - 1 >= p1 && !englishShortV(w, n - 1))) w.length -= 1;
      } else if (w[n - 1] === "l") {
        if (n - 1 >= p2 && w[n - 2] === "l") w.length -= 1;
      }
    }
    s = w.join("");
    return yFound ? s.replace(/Y/g, "y") : s;
  }

  var STEMMERS = { sv: swedish, nb: norwegian, en: english };

  // Words as the build splits them: lowercase runs of letters and digits.
  function tokens(text) {
    return String(text).normalize("NFC").toLowerCase()
      .split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (x) { return x; });
  }

  /* ---- Searching ---- */

  // Score of every document for `query` in the loaded `index`.
  function search(index, query) {
    var stem = STEMMERS[index.lang] || function (x) { return x; };
    var words = tokens(query).filter(function (x) { return index.stop.indexOf(x) < 0; });
    var seen = {}, stems = [];
    words.forEach(function (x) {
      var st = stem(x);
      if (!seen[st]) { seen[st] = true; stems.push(st); }
    });
    if (!stems.length) return [];
    var ndocs = index.docs.length;
    var keys = index.keys || (index.keys = Object.keys(index.terms));
    var perDoc = {};
    stems.forEach(function (q, qi) {
      var best = {};
      keys.forEach(function (k) {
        var factor = k === q ? 1 : (q.length >= 3 && k.indexOf(q) === 0) ? 0.6 :
          (q.length >= 4 && k.indexOf(q) > 0) ? 0.4 : 0;
        if (!factor) return;
        var post = index.terms[k];
        var idf = Math.log(1 + ndocs / (post.length / 2));
        for (var i = 0; i < post.length; i += 2) {
          var sc = post[i + 1] * factor * idf;
          if (!(best[post[i]] >= sc)) best[post[i]] = sc;
        }
      });
      Object.keys(best).forEach(function (d) {
        var r = perDoc[d] || (perDoc[d] = { doc: +d, score: 0, hits: 0 });
        r.score += best[d];
        r.hits += 1;
      });
    });
    var all = Object.keys(perDoc).map(function (d) { return perDoc[d]; });
    var every = all.filter(function (r) { return r.hits === stems.length; });
    var list = every.length ? every : all;
    list.sort(function (a, b) {
      return b.hits - a.hits || b.score - a.score || a.doc - b.doc;
    });
    return list.slice(0, 50);
  }

  var api = { sv: swedish, nb: norwegian, en: english, tokens: tokens, search: search };
  if (typeof window !== "undefined") window.kartsiteSearchClient = api;
  if (typeof document === "undefined") return;

  function setup() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var results = document.getElementById("search-results");
    var fallback = document.getElementById("search-fallback");
    var root = form.getAttribute("data-root") || "";
    var state = "idle", timer = null;
    form.hidden = false;
    if (fallback) fallback.hidden = true;

    function say(text) { status.textContent = text; }

    function load() {
      if (state !== "idle") return;
      if (window.kartsiteSearch) { state = "ready"; return; }
      state = "loading";
      var s = document.createElement("script");
      s.src = root + "search-index.js";
      s.onload = function () {
        state = window.kartsiteSearch ? "ready" : "failed";
        if (state === "failed") say(form.getAttribute("data-error"));
        else run();
      };
      s.onerror = function () { state = "failed"; say(form.getAttribute("data-error")); };
      document.head.appendChild(s);
    }

    function run() {
      var q = input.value.trim();
      while (results.firstChild) results.removeChild(results.firstChild);
      if (!q) { say(""); return; }
      if (state !== "ready") {
        load();
        if (state === "loading") say(form.getAttribute("data-loading"));
        return;
      }
      var index = window.kartsiteSearch;
      var found = search(index, q);
      found.forEach(function (r) {
        var d = index.docs[r.doc];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[0];
        a.textContent = d[1];
        var kind = document.createElement("span");
        kind.className = "search-kind";
        kind.textContent = index.kinds[d[2]];
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
        if (d[3]) {
          var p = document.createElement("p");
          p.textContent = d[3];
          li.appendChild(p);
        }
        results.appendChild(li);
      });
      var n = found.length;
      say(n === 0 ? form.getAttribute("data-none") :
        n === 1 ? form.getAttribute("data-one") :
        form.getAttribute("data-many").replace("{n}", String(n)));
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
