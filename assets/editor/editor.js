// The writing page's live check (issue 12, point 2). Served as a file: the page's CSP allows scripts from
// qianfa's origin only, and no inline script. Without this script the page still works: its buttons post the
// form and the server answers with the findings.
/* global document, window, fetch, URLSearchParams, FormData, AbortController, DOMParser, FileReader */
(function () {
  'use strict';
  const DEBOUNCE_MS = 800;
  const form = document.querySelector('form.editor');
  const panel = document.getElementById('live-check');
  if (!form || !panel) return;
  const checkUrl = panel.getAttribute('data-check-url');
  const summary = document.getElementById('live-summary');
  let timer;
  let inFlight;

  /** Puts the server's fragment (escaped and sanitised there) in the panel: parsed inertly, then moved in. */
  function show(fragment) {
    const parsed = new DOMParser().parseFromString(fragment, 'text/html');
    panel.replaceChildren(...parsed.body.childNodes);
    panel.setAttribute('aria-busy', 'false');
  }

  function notice(text) {
    const p = document.createElement('p');
    p.className = 'card muted';
    p.textContent = text;
    panel.replaceChildren(p);
    panel.setAttribute('aria-busy', 'false');
  }

  async function check() {
    const data = new URLSearchParams(new FormData(form));
    data.delete('cover'); // the checker reads text only: an inline cover is not sent every few seconds
    if ((data.get('title') || '').trim() === '' || (data.get('body') || '').trim() === '') return;
    inFlight?.abort();
    inFlight = new AbortController();
    panel.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(checkUrl, {
        method: 'POST',
        body: data,
        credentials: 'same-origin',
        signal: inFlight.signal,
      });
      const answer = await response.json();
      if (answer.html !== undefined) show(answer.html);
      if (summary) summary.textContent = answer.summary || '';
      else notice((answer.errors || ['检查未完成']).join('；'));
    } catch (error) {
      if (error.name !== 'AbortError') notice('暂时无法检查，可点“检查”按钮重试。');
    }
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DEBOUNCE_MS);
  }

  // The browser's own messages follow its UI language; these say it in Chinese whatever that is.
  form.addEventListener('input', later);
  form.addEventListener('change', later);

  // 135编辑器 and 秀米 put their layout on the clipboard as HTML: keep it as HTML (the server sanitises it as the
  // review page does) instead of the plain text the textarea would get.
  const body = form.querySelector('textarea[name="body"]');
  body?.addEventListener('paste', (event) => {
    const pasted = event.clipboardData?.getData('text/html');
    if (!pasted || !/<[a-z][^>]*>/i.test(pasted)) return;
    event.preventDefault();
    const markup = pasted.replace(/^[\s\S]*<!--StartFragment-->|<!--EndFragment-->[\s\S]*$/g, '');
    body.setRangeText(markup, body.selectionStart, body.selectionEnd, 'end');
    const html = form.querySelector('input[name="format"][value="html"]');
    if (html) html.checked = true;
    later();
  });

  // 封面: the chosen file goes into the cover field as a data: URI, sent with the form like a typed URL.
  const coverFile = document.getElementById('cover-file');
  const cover = document.getElementById('cover');
  coverFile?.addEventListener('change', () => {
    const file = coverFile.files?.[0];
    coverFile.setCustomValidity('');
    if (!file || !cover) return;
    if (!/^image\/(png|jpeg)$/.test(file.type)) coverFile.setCustomValidity('封面须为 PNG 或 JPEG 图片。');
    else if (file.size > Number(coverFile.dataset.maxBytes))
      coverFile.setCustomValidity('封面图片太大，请压缩后再选。');
    if (!coverFile.checkValidity()) return coverFile.reportValidity();
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      cover.value = String(reader.result);
    });
    reader.readAsDataURL(file);
  });
})();
