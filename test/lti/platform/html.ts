/**
 * The HTML an LMS answers with at each step of a launch: auto-submitting
 * forms (login initiation, the authentication response) and plain pages.
 * `parseAutoSubmitForm` reads such a form back, for the HTTP user agent.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

export interface HtmlForm {
  action: string;
  method: "GET" | "POST";
  fields: Record<string, string>;
  target?: string;
}

export function formHtml(form: HtmlForm, id = "lti-form"): string {
  const inputs = Object.entries(form.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const target = form.target ? ` target="${escapeHtml(form.target)}"` : "";
  return `<form id="${id}" action="${escapeHtml(form.action)}" method="${form.method.toLowerCase()}"${target}>\n${inputs}\n</form>`;
}

export function page(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}\n</body></html>\n`;
}

/** A page whose only job is to submit `form` as soon as it loads, as LMSs do between launch steps. */
export function autoSubmitPage(title: string, form: HtmlForm): string {
  return page(title, `${formHtml(form)}\n<script>document.getElementById("lti-form").submit();</script>`);
}

/** The first form of an auto-submitting page: where it goes and what it carries. */
export function parseAutoSubmitForm(html: string): HtmlForm {
  const formTag = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!formTag) throw new Error("the page has no form");
  const attribute = (tag: string, name: string) => {
    const match = new RegExp(`\\b${name}="([^"]*)"`, "i").exec(tag);
    return match ? unescapeHtml(match[1]) : undefined;
  };
  const fields: Record<string, string> = {};
  for (const input of formTag[2].match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, "name");
    if (name !== undefined) fields[name] = attribute(input, "value") ?? "";
  }
  return {
    action: attribute(formTag[1], "action") ?? "",
    method: attribute(formTag[1], "method")?.toUpperCase() === "GET" ? "GET" : "POST",
    fields,
    target: attribute(formTag[1], "target"),
  };
}
