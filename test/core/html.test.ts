// The markup tag: what is interpolated is text, the literal parts are the page's markup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinMarkup, markup } from '../../src/core/html';

describe('markup', () => {
  it('escapes & < > " and \' in an interpolated string', () => {
    assert.equal(
      markup`<td>${`Tom & Jerry's <script>alert("x")</script>`}</td>`.toString(),
      '<td>Tom &amp; Jerry&#39;s &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>',
    );
  });

  it('leaves the literal parts as written, quotes and brackets included', () => {
    assert.equal(
      markup`<a title="it's" href='x'>&nbsp;${'a<b'}</a>`.toString(),
      `<a title="it's" href='x'>&nbsp;a&lt;b</a>`,
    );
  });

  it('an escaped fragment nested in another is not escaped again', () => {
    const cell = markup`<code>${'&'}</code>`;
    const row = markup`<tr><td>${cell}</td><td>${'<'}</td></tr>`;
    assert.equal(row.toString(), '<tr><td><code>&amp;</code></td><td>&lt;</td></tr>');
    assert.equal(markup`${markup`${markup`${'"'}`}`}`.toString(), '&quot;');
  });

  it('an array is its items one after another, each escaped unless it is markup', () => {
    const items = ['<a>', markup`<b>`, 3, ['&', markup`<i>`]];
    assert.equal(markup`<p>${items}</p>`.toString(), '<p>&lt;a&gt;<b>3&amp;<i></p>');
    assert.equal(markup`<ul>${[]}</ul>`.toString(), '<ul></ul>');
  });

  it('numbers are text; a string that looks like markup stays text', () => {
    assert.equal(markup`${4} ${'<br>'}`.toString(), '4 &lt;br&gt;');
  });

  it('joinMarkup puts the separator between fragments only', () => {
    const nl = markup`\n`;
    assert.equal(
      joinMarkup([markup`<tr>${'a&b'}</tr>`, markup`<tr></tr>`], nl).toString(),
      '<tr>a&amp;b</tr>\n<tr></tr>',
    );
    assert.equal(joinMarkup([], nl).toString(), '');
  });
});
