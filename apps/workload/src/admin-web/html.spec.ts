import { escapeHtml, html, SafeHtml } from './html';

// Another name for the tag, so that the formatter leaves these exact strings alone.
const tag = html;

describe('html', () => {
  it('escapes interpolated text, for element and attribute contexts', () => {
    const name = `<script>alert("x")</script>'&`;
    expect(tag`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>',
    );
  });

  it('keeps SafeHtml, joins arrays, and drops false, null and undefined', () => {
    const items = ['a<b', 'c'].map((item) => tag`<li>${item}</li>`);
    expect(tag`<ul>${items}</ul>${false}${null}${undefined}${0}`.text).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0',
    );
    expect(tag`${new SafeHtml('<br>')}`.text).toBe('<br>');
    expect(escapeHtml('plain')).toBe('plain');
  });
});
