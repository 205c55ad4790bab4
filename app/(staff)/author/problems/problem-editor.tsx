"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from "react";
import { exportDocument, formatOfText, type DocumentFormat, type DocumentProblem, type ProblemDocumentInput } from "@/grader/authoring";
import { stringifyYaml } from "@/grader/authoring/yaml";
import type { DocumentValidation, PublishedProblem } from "@/lib/authoring/contract";
import { publishDocumentAction, validateDocumentAction } from "./actions";
import { useDebouncedValue } from "@/app/components/problem/use-debounced-value";
import { CodeEditor, type CodeEditorHandle } from "@/app/components/author/code-editor";
import { checkDocumentText } from "@/app/components/author/document-diagnostics";
import { ProblemPreview } from "@/app/components/author/problem-preview";
import { ValidationReport } from "@/app/components/author/validation-report";

export interface ProblemEditorProps {
  courseId: string;
  courseTitle: string;
  initialText: string;
  /** Where this browser keeps an unpublished draft: one per course and problem. */
  draftKey: string;
  /** The course's assessments, offered once a version is published. */
  assessments: { id: string; title: string }[];
}

/**
 * Typing must pause this long before the document is compiled again: compiling is quick, but rendering the preview on every
 * keystroke would make typing lag.
 */
const CHECK_DELAY_MS = 300;
const MAX_SEED = 0xffffffff;

/** JSON starts with `{`; anything else is read as YAML: the codec's own guess, so the editor and the server agree. */
const formatOf = formatOfText;

type Status = { tone: "ok" | "error"; text: string } | null;

/**
 * The problem editor: the document's text with its errors located as you
 * type, a live preview for any seed with references and local grading,
 * and Validate, Publish, Import and Export. Parsing, compiling, drawing
 * and the tried answers all run here in the browser with the grader's own
 * code; only Validate (50 seeds) and Publish go to the server, which
 * checks everything again.
 */
export function ProblemEditor({ courseId, courseTitle, initialText, draftKey, assessments }: ProblemEditorProps) {
  const [text, setText] = useState(initialText);
  const settledText = useDebouncedValue(text, CHECK_DELAY_MS);
  const format = formatOf(settledText);
  const check = useMemo(() => checkDocumentText(settledText, format), [settledText, format]);
  // Kept while the text does not compile; updated during render, as React advises for state derived from a changing value.
  const [lastCompiled, setLastCompiled] = useState<DocumentProblem | null>(check.problem);
  if (check.problem && check.problem !== lastCompiled) setLastCompiled(check.problem);

  const [seedText, setSeedText] = useState("0");
  const seed = /^\d+$/.test(seedText) && Number(seedText) <= MAX_SEED ? Number(seedText) : null;
  const [validation, setValidation] = useState<{ text: string; result: DocumentValidation } | null>(null);
  const [busy, setBusy] = useState<"validate" | "publish" | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [published, setPublished] = useState<PublishedProblem | null>(null);
  const [pasted, setPasted] = useState("");
  const [savedDraft, setSavedDraft] = useState<string | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  const storageKey = `chainrule.problem-draft.${draftKey}`;

  // An unpublished draft stays in this browser (localStorage) until it is published or discarded.
  useEffect(() => {
    const stored = window.localStorage.getItem(storageKey);
    // localStorage exists only in the browser, so it is read after hydration rather than during render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (stored !== null && stored !== initialText) setSavedDraft(stored);
  }, [storageKey, initialText]);
  useEffect(() => {
    if (settledText === initialText) return;
    window.localStorage.setItem(storageKey, settledText);
  }, [settledText, initialText, storageKey]);

  const errorLines = useMemo(() => new Set(check.diagnostics.map((d) => d.line)), [check.diagnostics]);
  const upToDate = settledText === text;
  const compiles = upToDate && check.problem !== null;
  const currentValidation = validation?.text === text ? validation.result : null;

  function replaceText(next: string, note: string) {
    setText(next);
    setPublished(null);
    setStatus({ tone: "ok", text: note });
  }

  async function onValidate() {
    setBusy("validate");
    setStatus(null);
    const sent = text;
    const outcome = await validateDocumentAction({ courseId, text: sent, format: formatOf(sent) }).catch(() => null);
    setBusy(null);
    if (!outcome) return setStatus({ tone: "error", text: "The server could not be reached; try again." });
    if (!outcome.ok) return setStatus({ tone: "error", text: outcome.message });
    setValidation({ text: sent, result: outcome.validation });
  }

  async function onPublish() {
    setBusy("publish");
    setStatus(null);
    setPublished(null);
    const sent = text;
    const outcome = await publishDocumentAction({ courseId, text: sent, format: formatOf(sent) }).catch(() => null);
    setBusy(null);
    if (!outcome) return setStatus({ tone: "error", text: "The server could not be reached; try again." });
    if (!outcome.ok) {
      if (outcome.validation) setValidation({ text: sent, result: outcome.validation });
      return setStatus({ tone: "error", text: outcome.message });
    }
    window.localStorage.removeItem(storageKey);
    setPublished(outcome.published);
  }

  function download(target: DocumentFormat) {
    if (!check.problem) return;
    // In its own format the text goes out as written, comments and all; the other format can only be the stable form.
    const file = target === formatOf(text) ? text : exportDocument(check.value as ProblemDocumentInput, target);
    const url = URL.createObjectURL(new Blob([file], { type: target === "json" ? "application/json" : "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${check.problem.slug}.${target}`;
    link.click();
    URL.revokeObjectURL(url);
  }

  function rewriteAs(target: DocumentFormat) {
    if (check.value === undefined) return;
    // A document that compiles is written in its stable form; one with schema errors as it is.
    const next = check.problem
      ? exportDocument(check.value as ProblemDocumentInput, target)
      : target === "json"
        ? `${JSON.stringify(check.value, null, 2)}\n`
        : stringifyYaml(check.value);
    replaceText(next, `Rewritten as ${target.toUpperCase()}.`);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    replaceText(await file.text(), `Imported ${file.name}.`);
  }

  return (
    <div className="pe-layout pe-wide">
      <section className="pe-source card" aria-labelledby="pe-source-heading">
        <div className="pe-toolbar">
          <h2 id="pe-source-heading">
            Document <span className="tag">{format.toUpperCase()}</span>
          </h2>
          <span className="muted pe-small">for {courseTitle}</span>
        </div>
        {savedDraft !== null && (
          <div className="notice pe-draft" role="status">
            This browser kept an unpublished draft of this problem.{" "}
            <button type="button" className="secondary" onClick={() => (replaceText(savedDraft, "Draft restored."), setSavedDraft(null))}>
              Restore it
            </button>{" "}
            <button type="button" className="secondary" onClick={() => (window.localStorage.removeItem(storageKey), setSavedDraft(null))}>
              Discard it
            </button>
          </div>
        )}
        <CodeEditor
          ref={editor}
          id="problem-document"
          label="Problem document"
          value={text}
          onChange={setText}
          errorLines={errorLines}
          describedBy="pe-diagnostics"
        />
        <div id="pe-diagnostics" className="pe-diagnostics" aria-live="polite" data-testid="diagnostics">
          {!upToDate ? (
            <p className="muted pe-small">Checking…</p>
          ) : check.diagnostics.length === 0 ? (
            <p className="pe-ok pe-small">No errors: the document compiles.</p>
          ) : (
            <ul>
              {check.diagnostics.map((diagnostic, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="pe-link"
                    onClick={() => editor.current?.revealOffset(diagnostic.offset, diagnostic.line)}
                  >
                    Line {diagnostic.line}, column {diagnostic.column}
                  </button>
                  {diagnostic.path && (
                    <>
                      {" "}
                      <code>{diagnostic.path}</code>
                    </>
                  )}
                  : {diagnostic.message}
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="button-row pe-actions">
          <button type="button" onClick={onValidate} disabled={busy !== null || !compiles}>
            {busy === "validate" ? "Validating…" : "Validate on 50 seeds"}
          </button>
          <button type="button" onClick={onPublish} disabled={busy !== null || !compiles || currentValidation?.status === "failing-seeds"}>
            {busy === "publish" ? "Validating and publishing…" : "Publish a new version"}
          </button>
        </div>
        <p className="muted pe-small">
          Publishing runs the same 50 seeds first and is refused if any fails. Each publication is a new version; earlier versions, and the
          variants and submissions made with them, stay as they were.
        </p>
        {status && (
          <p className={status.tone === "error" ? "error" : "muted"} role={status.tone === "error" ? "alert" : "status"}>
            {status.text}
          </p>
        )}
        {currentValidation && <ValidationReport validation={currentValidation} onPreviewSeed={(failing) => setSeedText(String(failing))} />}
        {published && (
          <div className="pe-report pe-report-ok" role="status" data-testid="published">
            <strong>
              Published {published.slug} version {published.version}.
            </strong>{" "}
            {published.previousVersion !== null && (
              <>Placements of version {published.previousVersion} keep it until you regrade them in the gradebook. </>
            )}
            Place it in an assessment:{" "}
            {assessments.map((assessment) => (
              <span key={assessment.id}>
                <Link href={`/author/assessments/${assessment.id}`}>{assessment.title}</Link>
                {", "}
              </span>
            ))}
            <Link href={`/author/courses/${courseId}/assessments/new`}>a new assessment</Link>.{" "}
            <Link href={`/author/problems/${published.problemId}`}>Open version {published.version}</Link>.
          </div>
        )}

        <details className="pe-share">
          <summary>Import and export</summary>
          <div className="button-row">
            <button type="button" className="secondary" onClick={() => download("json")} disabled={!compiles}>
              Download JSON
            </button>
            <button type="button" className="secondary" onClick={() => download("yaml")} disabled={!compiles}>
              Download YAML
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => rewriteAs(format === "json" ? "yaml" : "json")}
              disabled={!upToDate || check.value === undefined}
            >
              Rewrite as {format === "json" ? "YAML" : "JSON"}
            </button>
          </div>
          <label className="pe-import">
            Import a file (.json, .yaml)
            <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" onChange={onFile} />
          </label>
          <label className="pe-import">
            Or paste a document
            <textarea value={pasted} onChange={(event) => setPasted(event.target.value)} rows={4} className="pe-paste" spellCheck={false} />
          </label>
          <button
            type="button"
            className="secondary"
            disabled={pasted.trim() === ""}
            onClick={() => (replaceText(pasted, "Pasted document imported."), setPasted(""))}
          >
            Replace the editor&apos;s text with it
          </button>
        </details>
      </section>

      <section className="pe-preview card" aria-labelledby="pe-preview-heading">
        <div className="pe-toolbar">
          <h2 id="pe-preview-heading">Preview</h2>
          <label className="pe-seed">
            Seed
            <input
              type="number"
              min={0}
              max={MAX_SEED}
              step={1}
              value={seedText}
              onChange={(event) => setSeedText(event.target.value)}
              inputMode="numeric"
            />
          </label>
          <button type="button" className="secondary" onClick={() => setSeedText(String(1 + Math.floor(Math.random() * 100_000)))}>
            Another seed
          </button>
        </div>
        <p className="muted pe-small">
          What a student with this seed sees (seed 0 is the handout&apos;s numbers), with each part&apos;s reference. &ldquo;Try&rdquo;
          grades in this browser; nothing is submitted.
        </p>
        {!check.problem && lastCompiled && (
          <p className="notice pe-small">The document has errors: this is its last version that compiled.</p>
        )}
        {seed === null ? (
          <p className="error">A seed is a whole number from 0 to {MAX_SEED}.</p>
        ) : lastCompiled ? (
          <ProblemPreview problem={check.problem ?? lastCompiled} seed={seed} />
        ) : (
          <p className="muted">Nothing to preview until the document compiles.</p>
        )}
      </section>
    </div>
  );
}
