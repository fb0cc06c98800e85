// Browser-side validation messages in Chinese for every form of qianfa's pages (issue 12, point 7), whatever
// the browser's own language: the message names the field by its label. Served as a file (the CSP allows
// scripts from qianfa's origin only); without it the server still refuses what is wrong, with its own message.
/* global document */
(function () {
  'use strict';

  /** The field's label without its trailing hint in brackets or colon: 标题（必填） → 标题. */
  function labelOf(field) {
    const text = field.labels && field.labels[0] ? field.labels[0].textContent : '';
    const label = text
      .replace(/[（(][\s\S]*$/, '')
      .replace(/[:：]\s*$/, '')
      .trim();
    return label || '此项';
  }

  /** A radio button's label is its option; the question is the fieldset's legend. */
  function groupOf(field) {
    const legend = field.closest('fieldset')?.querySelector('legend');
    return legend ? legend.textContent.trim() : '此项';
  }

  function missing(field, label) {
    // A checkbox's label is the sentence it confirms (a finding, say): too long to quote.
    if (field.type === 'checkbox') return '请勾选此项，确认后再继续。';
    if (field.type === 'radio') return '请选择“' + groupOf(field) + '”中的一项。';
    if (field.tagName === 'SELECT') return '请选择“' + label + '”。';
    if (field.type === 'file') return '请选择“' + label + '”的文件。';
    return '请填写“' + label + '”。';
  }

  function messageFor(field) {
    const v = field.validity;
    const label = labelOf(field);
    if (v.valueMissing) return missing(field, label);
    if (v.typeMismatch && field.type === 'email') return '“' + label + '”须为有效的电子邮箱地址。';
    if (v.typeMismatch) return '“' + label + '”须为有效的网址，如 https://www.example.gov.cn/';
    if (v.tooLong) return '“' + label + '”不能超过 ' + field.maxLength + ' 个字。';
    if (v.tooShort) return '“' + label + '”至少要 ' + field.minLength + ' 个字。';
    const isTime = /^(date|datetime-local|time|month|week)$/.test(field.type);
    if (isTime && v.rangeUnderflow) return '“' + label + '”不能早于 ' + field.min.replace('T', ' ') + '。';
    if (isTime && v.rangeOverflow) return '“' + label + '”不能晚于 ' + field.max.replace('T', ' ') + '。';
    if (v.rangeUnderflow) return '“' + label + '”不能小于 ' + field.min + '。';
    if (v.rangeOverflow) return '“' + label + '”不能大于 ' + field.max + '。';
    if (v.patternMismatch && field.title) return '“' + label + '”的格式不对：' + field.title;
    if (v.patternMismatch || v.badInput || v.stepMismatch) return '“' + label + '”的格式不对。';
    return '';
  }

  // Only the browser's own complaints are replaced: a message a page's script set (the editor's cover checks)
  // has no flag but customError, so messageFor gives nothing and the message stays.
  document.addEventListener(
    'invalid',
    (event) => {
      const message = messageFor(event.target);
      if (message) event.target.setCustomValidity(message);
    },
    true,
  );
  // Cleared on every change (before the page's own handlers run) so the new value is checked afresh.
  const clear = (event) => event.target.setCustomValidity?.('');
  document.addEventListener('input', clear, true);
  document.addEventListener('change', clear, true);
})();
