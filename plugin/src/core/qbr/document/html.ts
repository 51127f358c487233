/** Escaping and the one way a figure is printed: its text, tagged with its id for checks and the appendix. */
import type { Figure } from './types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

export function figureSpan(item: Figure, tag = 'span'): string {
  return `<${tag} data-figure="${escapeHtml(item.id)}">${escapeHtml(item.text)}</${tag}>`;
}
