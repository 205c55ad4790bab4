"use client";

import { forwardRef, useImperativeHandle, useMemo, useRef, type ChangeEvent, type KeyboardEvent } from "react";

export interface CodeEditorHandle {
  /** Puts the caret at an offset, scrolls it into view and focuses the editor. */
  revealOffset(offset: number, line: number): void;
}

export interface CodeEditorProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** 1-based lines that carry a diagnostic: marked in the gutter. */
  errorLines: ReadonlySet<number>;
  describedBy?: string;
}

/** Matches .pe-code's line-height in globals.css: how far to scroll for a line. */
const LINE_HEIGHT_EM = 1.5;

/**
 * A plain textarea with line numbers: monospace, no wrapping (so that the
 * gutter's numbers stay beside their lines), Tab inserting two spaces, and
 * the lines with errors marked. Screen readers get the textarea itself;
 * the gutter is decoration (aria-hidden) and the error list below the
 * editor says the same in words.
 */
export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(
  { id, label, value, onChange, errorLines, describedBy },
  ref,
) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const escaped = useRef(false);
  const lineCount = useMemo(() => value.split("\n").length, [value]);

  useImperativeHandle(ref, () => ({
    revealOffset(offset, line) {
      const element = textarea.current;
      if (!element) return;
      element.focus();
      element.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(element).fontSize) * LINE_HEIGHT_EM;
      element.scrollTop = Math.max(0, (line - 4) * lineHeight);
      if (gutter.current) gutter.current.scrollTop = element.scrollTop;
    },
  }));

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Tab indents (YAML needs spaces); Escape then Tab leaves the editor, as keyboard users expect.
    if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || escaped.current) {
      escaped.current = event.key === "Escape";
      return;
    }
    event.preventDefault();
    const element = event.currentTarget;
    const { selectionStart, selectionEnd } = element;
    const next = `${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`;
    onChange(next);
    requestAnimationFrame(() => element.setSelectionRange(selectionStart + 2, selectionStart + 2));
  }
  return (
    <div className="pe-code-frame">
      <div className="pe-gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: lineCount }, (_, i) => (
          <span key={i} className={errorLines.has(i + 1) ? "pe-gutter-error" : undefined}>
            {i + 1}
          </span>
        ))}
      </div>
      <textarea
        id={id}
        ref={textarea}
        className="pe-code"
        aria-label={label}
        aria-describedby={describedBy}
        aria-invalid={errorLines.size > 0}
        value={value}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
      />
    </div>
  );
});
