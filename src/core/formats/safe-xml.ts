// XML from a server is parsed without a DTD: any DOCTYPE or ENTITY declaration is refused before
// parsing, so nothing is expanded and nothing is fetched. Elements are matched by namespace URI,
// because gpresult's prefixes (q1, q3, …) change with extension order.
//
// The parse streams (saxes) into a small tree of our own, counting as it goes: a file with more
// elements, attributes or depth than any export Windows writes is refused before its tree grows
// further, so memory stays bounded by the file-size cap (a DOM library's tree of ten million nodes
// was gigabytes). The tree keeps only what the readers ask for: names, namespace, attributes, text.
import { SaxesParser } from 'saxes';
import { InvalidEvidence } from './invalid-evidence';
import { XML_LIMITS } from './evidence-limits';

/** One element: its qualified and local name, namespace URI, attributes and content in order. */
export class XmlElement {
  readonly content: (XmlElement | string)[] = [];
  constructor(
    readonly nodeName: string,
    readonly localName: string,
    readonly namespaceURI: string | null,
    /** saxes' own record of the attributes, by qualified name (kept as it is: no copy per element). */
    private readonly attributes: Readonly<Record<string, { readonly value: string }>>,
  ) {}

  getAttribute(name: string): string | null {
    return Object.hasOwn(this.attributes, name) ? (this.attributes[name]?.value ?? null) : null;
  }

  /** The text of the element and all its descendants, in document order (DOM's textContent). */
  get textContent(): string {
    const parts: string[] = [];
    const stack: (XmlElement | string)[] = [this];
    while (stack.length > 0) {
      const n = stack.pop() as XmlElement | string;
      if (typeof n === 'string') parts.push(n);
      else for (let i = n.content.length - 1; i >= 0; i--) stack.push(n.content[i] as XmlElement | string);
    }
    return parts.join('');
  }
}

export interface XmlDocument {
  readonly documentElement: XmlElement;
}

class TooBig extends Error {}

/** The XML text is parsed as the concatenation of `parts` (a wrapper around a body needs no copy). */
export function parseSafeXml(file: string, ...parts: readonly string[]): XmlDocument {
  if (parts.some((p) => /<!DOCTYPE/i.test(p) || /<!ENTITY/i.test(p))) {
    throw new InvalidEvidence(
      file,
      'XML that declares a DOCTYPE or entities; Windows exports never do, and FipsFix does not expand them',
    );
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let attributes = 0;
  const refuse = (what: string): never => {
    throw new TooBig(what);
  };
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('doctype', () => refuse('a DOCTYPE'));
  parser.on('opentag', (tag) => {
    if (++elements > XML_LIMITS.elements) refuse(`more than ${XML_LIMITS.elements} elements`);
    if (open.length >= XML_LIMITS.depth) refuse(`elements nested more than ${XML_LIMITS.depth} deep`);
    for (const name in tag.attributes)
      if (++attributes > XML_LIMITS.attributes)
        refuse(`more than ${XML_LIMITS.attributes} attributes (${name}…)`);
    const e = new XmlElement(tag.name, tag.local, tag.uri === '' ? null : tag.uri, tag.attributes);
    const parent = open[open.length - 1];
    if (parent) parent.content.push(e);
    else root ??= e;
    open.push(e);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  const addText = (t: string): void => {
    const parent = open[open.length - 1];
    if (parent && t !== '') parent.content.push(t);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    const [first, ...rest] = parts;
    parser.write((first ?? '').replace(/^\uFEFF/, ''));
    for (const p of rest) parser.write(p);
    parser.close();
  } catch (e) {
    if (e instanceof TooBig)
      throw new InvalidEvidence(
        file,
        e.message === 'a DOCTYPE'
          ? 'XML that declares a DOCTYPE or entities; Windows exports never do, and FipsFix does not expand them'
          : `XML with ${e.message}: far beyond any gpresult or wevtutil export, so FipsFix does not read it (limits in docs/evidence-folder.md)`,
      );
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    throw new InvalidEvidence(file, `not well-formed XML: ${message}`);
  }
  if (!root) throw new InvalidEvidence(file, 'XML without a root element');
  return { documentElement: root };
}

/** Direct children with this namespace and local name. */
export function childrenNS(parent: XmlElement, ns: string, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const n of parent.content)
    if (typeof n !== 'string' && n.namespaceURI === ns && n.localName === localName) out.push(n);
  return out;
}

export function childNS(parent: XmlElement, ns: string, localName: string): XmlElement | undefined {
  for (const n of parent.content)
    if (typeof n !== 'string' && n.namespaceURI === ns && n.localName === localName) return n;
  return undefined;
}

export function textOf(e: XmlElement | undefined): string | undefined {
  return e === undefined ? undefined : e.textContent.trim();
}

/** All descendants with this namespace and local name, in document order. */
export function descendantsNS(root: XmlElement, ns: string, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [];
  for (let i = root.content.length - 1; i >= 0; i--) {
    const c = root.content[i];
    if (typeof c !== 'string' && c !== undefined) stack.push(c);
  }
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    if (e.namespaceURI === ns && e.localName === localName) out.push(e);
    for (let i = e.content.length - 1; i >= 0; i--) {
      const c = e.content[i];
      if (typeof c !== 'string' && c !== undefined) stack.push(c);
    }
  }
  return out;
}
