/* LnUnion.Portal public script: 长者模式/无障碍 and the live view count. It only enhances: every page is complete
   and readable without it, which is why the toolbar is served hidden and shown from here. Loaded with defer, so it
   never blocks rendering; the remembered choices are already on <html> by then, put there by the server from the
   cookie save() writes (ReadingModeCookie). Plain ES5 plus fetch, for the old phones many readers use. */
(function () {
  'use strict';

  var KEY = 'lnu-reading';
  // Each on/off choice and its class on <html>; the server puts the remembered ones on from the cookie.
  var CLASSES = { contrast: 'high-contrast', lines: 'wide-lines', pointer: 'big-pointer', guide: 'reading-guide', caption: 'caption-bar', plain: 'plain-layout' };
  // The page zoom steps in per cent (ReadingModeCookie.ZoomSteps); each but the first is a class that scales the root size.
  var ZOOMS = [100, 125, 150, 175, 200];
  var root = document.documentElement;
  var prefs = load();

  function defaults() {
    var prefs = { size: 0, zoom: 0 };
    for (var name in CLASSES) {
      prefs[name] = false;
    }
    return prefs;
  }

  // What the server put on <html> from the cookie, for a browser whose storage has none (blocked, or cleared alone).
  function fromPage() {
    var prefs = defaults();
    var has = function (c) { return root.classList.contains(c); };
    prefs.size = has('text-larger') ? 2 : has('text-large') ? 1 : 0;
    ZOOMS.forEach(function (z, i) { prefs.zoom = has('zoom-' + z) ? i : prefs.zoom; });
    for (var name in CLASSES) {
      prefs[name] = has(CLASSES[name]);
    }
    return prefs;
  }

  function load() {
    try {
      var saved = localStorage.getItem(KEY);
      if (saved === null) {
        return fromPage();
      }
      var stored = JSON.parse(saved);
      var prefs = defaults();
      prefs.size = stored.size === 1 || stored.size === 2 ? stored.size : 0;
      prefs.zoom = stored.zoom > 0 && stored.zoom < ZOOMS.length ? Math.floor(stored.zoom) : 0;
      for (var name in CLASSES) {
        prefs[name] = stored[name] === true;
      }
      return prefs;
    } catch (e) {
      // Storage blocked (some private modes) or a value from elsewhere: keep what the page came with.
      return fromPage();
    }
  }

  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch (e) {
      // Storage blocked: the choice still holds on this page.
    }
    remember();
  }

  // The same choices as a cookie of tokens (s1 or s2, z125 to z200, then the switches' names), which the server reads to render the
  // next page in this look from the first paint; none at all for the default look.
  function remember() {
    var tokens = prefs.size ? ['s' + prefs.size] : [];
    if (prefs.zoom) {
      tokens.push('z' + ZOOMS[prefs.zoom]);
    }
    for (var name in CLASSES) {
      if (prefs[name]) {
        tokens.push(name);
      }
    }
    var secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = KEY + '=' + tokens.join('.') + '; Path=/; SameSite=Lax' + secure + (tokens.length ? '; Max-Age=31536000' : '; Max-Age=0');
  }

  // Any choice at all is 长者模式 (ReadingModeCookie.ElderMode): the page zoom too, for a reader who needs the page
  // larger needs it still.
  function elder() {
    return prefs.size > 0 || prefs.zoom > 0 || Object.keys(CLASSES).some(function (name) { return prefs[name]; });
  }

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  function press(button, on) {
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  function apply() {
    root.classList.toggle('text-large', prefs.size === 1);
    root.classList.toggle('text-larger', prefs.size === 2);
    ZOOMS.forEach(function (z, i) { root.classList.toggle('zoom-' + z, i > 0 && prefs.zoom === i); });
    all('[data-zoom-level]').forEach(function (e) { e.textContent = ZOOMS[prefs.zoom] + '%'; });
    // Not disabled at the ends, which would drop the keyboard focus: marked, and the click does nothing.
    all('[data-zoom]').forEach(function (b) {
      var step = Number(b.getAttribute('data-zoom'));
      var stuck = step === 0 ? prefs.zoom === 0 : !ZOOMS[prefs.zoom + step];
      b.setAttribute('aria-disabled', stuck ? 'true' : 'false');
    });
    for (var name in CLASSES) {
      root.classList.toggle(CLASSES[name], prefs[name]);
    }
    root.classList.toggle('elder-mode', elder());
    all('[data-size]').forEach(function (b) { press(b, prefs.size === Number(b.getAttribute('data-size'))); });
    all('[data-toggle]').forEach(function (b) { press(b, prefs[b.getAttribute('data-toggle')] === true); });
  }

  // 纯净模式 folds the navigation and most of the toolbar; the server serves them so, and this does it on the page.
  // Focus inside what folds goes to its summary rather than being lost.
  function fold() {
    all('details.site-menu, details.a11y-more').forEach(function (d) {
      var holdsFocus = d.contains(document.activeElement) && document.activeElement.tagName !== 'SUMMARY';
      d.open = !prefs.plain;
      if (holdsFocus && !d.open) {
        d.querySelector('summary').focus();
      }
    });
  }

  apply();
  // Choices kept only in storage (from before the cookie, or a cookie cleared) reach the server from the next page on.
  remember();

  var bar = document.getElementById('a11y-bar');
  if (bar) {
    bar.hidden = false;
    all('[data-size]').forEach(function (b) {
      b.addEventListener('click', function () {
        var size = Number(b.getAttribute('data-size'));
        prefs.size = prefs.size === size ? 0 : size;
        save();
        apply();
      });
    });
    all('[data-toggle]').forEach(function (b) {
      b.addEventListener('click', function () {
        var name = b.getAttribute('data-toggle');
        prefs[name] = !prefs[name];
        save();
        apply();
        if (name === 'plain') {
          fold();
        }
      });
    });
    all('[data-zoom]').forEach(function (b) {
      b.addEventListener('click', function () {
        var step = Number(b.getAttribute('data-zoom'));
        var zoom = step === 0 ? 0 : prefs.zoom + step;
        if (zoom >= 0 && zoom < ZOOMS.length && zoom !== prefs.zoom) {
          prefs.zoom = zoom;
          save();
          apply();
        }
      });
    });
    all('[data-reset]').forEach(function (b) {
      b.addEventListener('click', function () {
        prefs = defaults();
        stopReading();
        save();
        apply();
        fold();
      });
    });
  }

  /* 阅读线 and 大字幕: both drawn only while their class is on <html> (see site.css), so they are made once and then
     just moved or filled. Hidden from screen readers, which read the page itself. */
  var guide = document.createElement('div');
  guide.className = 'reading-guide-line';
  guide.setAttribute('aria-hidden', 'true');
  var caption = document.createElement('p');
  caption.className = 'caption-text';
  caption.setAttribute('aria-hidden', 'true');
  document.body.appendChild(guide);
  document.body.appendChild(caption);

  function moveGuide(y) {
    guide.style.transform = 'translateY(' + Math.round(y) + 'px)';
  }

  function showCaption(text) {
    text = (text || '').replace(/\s+/g, ' ').trim();
    caption.textContent = text.length > 120 ? text.slice(0, 120) + '……' : text;
  }

  function textOf(element) {
    return element.innerText || element.value || element.getAttribute('aria-label') || element.getAttribute('alt') || '';
  }

  document.addEventListener('mousemove', function (e) {
    if (prefs.guide) {
      moveGuide(e.clientY);
    }
  });
  document.addEventListener('mouseover', function (e) {
    // The whole page or a long column under the pointer says nothing useful: only what a reader points at.
    if (prefs.caption && e.target !== document.body && e.target !== document.documentElement && textOf(e.target).length <= 300) {
      showCaption(textOf(e.target));
    }
  });
  document.addEventListener('focusin', function (e) {
    if (prefs.caption) {
      showCaption(textOf(e.target));
    }
    if (prefs.guide && e.target.getBoundingClientRect) {
      moveGuide(e.target.getBoundingClientRect().bottom);
    }
  });

  /* Alt+Shift+a digit, =, -, / or Backspace presses the toolbar control that names it in aria-keyshortcuts (physical
     keys, whatever Shift makes of them): no screen reader's own keys (Insert, CapsLock, Ctrl+Option) and no letter a
     browser uses; not while typing in a field. */
  var KEYS = { Equal: '=', Minus: '-', Slash: '/', Backspace: 'Backspace' };
  document.addEventListener('keydown', function (e) {
    var key = /^Digit[0-9]$/.test(e.code) ? e.code.slice(5) : KEYS[e.code];
    if (!bar || !key || !e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable) {
      return;
    }
    var control = bar.querySelector('[aria-keyshortcuts="Alt+Shift+' + key + '"]');
    if (control && !control.hidden) {
      e.preventDefault();
      control.click();
    }
  });

  /* 朗读全文: the article's title and body through the browser's own speech synthesis, nothing sent anywhere. */
  var readButton = document.querySelector('[data-read]');
  var articleBody = document.querySelector('.article-body');
  var articleTitle = document.querySelector('.article h1');
  var speech = window.speechSynthesis;
  var runs = 0;
  var reading = 0; // the run now speaking, 0 for none; a cancelled run's late 'end' event must not stop a new one

  function sentences(text) {
    // Chrome cuts a single long utterance off after about fifteen seconds, so speak sentence by sentence.
    var parts = text.replace(/\s+/g, ' ').match(/[^。！？；!?;]+[。！？；!?;]*/g) || [];
    var out = [];
    parts.forEach(function (part) {
      for (var i = 0; i < part.length; i += 120) {
        var piece = part.slice(i, i + 120).trim();
        if (piece) {
          out.push(piece);
        }
      }
    });
    return out;
  }

  function stopReading() {
    if (reading && speech) {
      reading = 0;
      speech.cancel();
    }
    if (readButton) {
      press(readButton, false);
    }
  }

  function startReading() {
    var parts = sentences((articleTitle ? articleTitle.textContent + '。' : '') + articleBody.innerText);
    if (parts.length === 0) {
      return;
    }
    var run = ++runs;
    reading = run;
    var voice = speech.getVoices().filter(function (v) { return /^zh[-_]CN/i.test(v.lang); })[0];
    speech.cancel();
    press(readButton, true);
    parts.forEach(function (text, i) {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = 'zh-CN';
      // 大字幕 shows the sentence being spoken.
      utterance.onstart = function () {
        if (prefs.caption) {
          showCaption(text);
        }
      };
      if (voice) {
        utterance.voice = voice;
      }
      if (i === parts.length - 1) {
        // 'error' too: a browser without a Chinese voice fails rather than ends, and the button must not stay pressed.
        utterance.onend = utterance.onerror = function () {
          if (reading === run) {
            stopReading();
          }
        };
      }
      speech.speak(utterance);
    });
  }

  if (readButton && articleBody && speech && window.SpeechSynthesisUtterance) {
    readButton.hidden = false;
    readButton.addEventListener('click', function () {
      if (reading) {
        stopReading();
      } else {
        startReading();
      }
    });
    // Leaving the page must not leave the browser talking.
    window.addEventListener('pagehide', stopReading);
  }

  /* 焦点图: one slide at a time, 上一张/下一张 and a button per slide. It moves by itself every 5 s only while
     neither 长者模式 nor the system's reduced motion is on, stops while pointed at or focused, and 暂停 stops it
     for good (WCAG 2.2.2). Without this the slides are a strip of links, all reachable. */
  var focus = document.querySelector('[data-focus]');
  var controls = focus && focus.querySelector('.focus-controls');
  if (controls) {
    var slides = all('.focus-slide');
    var list = focus.querySelector('.focus-slides');
    var dots = all('[data-focus-to]');
    var pause = focus.querySelector('[data-focus-pause]');
    var current = 0;
    var paused = false;
    var held = false; // pointer over it or focus in it
    var timer = 0;
    var still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

    var show = function (index) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      dots.forEach(function (dot, i) {
        if (i === current) {
          dot.setAttribute('aria-current', 'true');
        } else {
          dot.removeAttribute('aria-current');
        }
      });
    };
    var moving = function () {
      return !paused && !still && !elder();
    };
    var schedule = function () {
      clearTimeout(timer);
      // Read out the new slide only when the reader moved it, never on every turn by itself.
      list.setAttribute('aria-live', moving() ? 'off' : 'polite');
      pause.hidden = still || elder();
      if (moving() && !held) {
        timer = setTimeout(function () {
          if (moving() && !held) {
            show(current + 1);
          }
          schedule();
        }, 5000);
      }
    };
    var go = function (index) {
      show(index);
      schedule();
    };

    focus.classList.add('focus-js');
    controls.hidden = false;
    controls.querySelector('[data-focus-prev]').addEventListener('click', function () { go(current - 1); });
    controls.querySelector('[data-focus-next]').addEventListener('click', function () { go(current + 1); });
    dots.forEach(function (dot, i) {
      dot.addEventListener('click', function () { go(i); });
    });
    pause.addEventListener('click', function () {
      paused = !paused;
      pause.textContent = paused ? '播放' : '暂停';
      schedule();
    });
    focus.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        go(current + (e.key === 'ArrowLeft' ? -1 : 1));
      }
    });
    var hold = function (on) {
      return function () {
        held = on;
        schedule();
      };
    };
    focus.addEventListener('mouseenter', hold(true));
    focus.addEventListener('mouseleave', hold(false));
    focus.addEventListener('focusin', hold(true));
    focus.addEventListener('focusout', function (e) {
      if (!focus.contains(e.relatedTarget)) {
        hold(false)();
      }
    });
    // Turning 长者模式 on stops it at once; the toolbar's buttons only change prefs.
    all('[data-size], [data-toggle], [data-reset]').forEach(function (b) { b.addEventListener('click', schedule); });
    show(0);
    schedule();
  }

  /* The page is output-cached, so the count it was rendered with may be minutes old: ask for the live one, which
     also counts this read. */
  var counter = document.querySelector('[data-hit]');
  if (counter && window.fetch) {
    fetch(counter.getAttribute('data-hit'), { credentials: 'omit', cache: 'no-store' })
      .then(function (response) { return response.ok ? response.text() : ''; })
      .then(function (text) {
        if (/^\d+$/.test(text)) {
          counter.textContent = text;
        }
      })
      .catch(function () { /* The rendered count stays. */ });
  }
}());
