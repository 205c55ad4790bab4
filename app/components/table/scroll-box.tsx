"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

interface ScrollBoxProps {
  /** Names the box for a screen reader once it scrolls: what is inside, e.g. "Assessments". */
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A box that scrolls sideways when its content (a table, most often) is
 * wider than the page, so that the page itself never does (issue 25). Only
 * while it does scroll does it become a named region in the tab order, so
 * that a keyboard user can scroll it with the arrow keys (axe's
 * scrollable-region-focusable) and a table that fits adds no tab stop.
 */
export function ScrollBox({ label, className, children }: ScrollBoxProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className={["scroll-box", className].filter(Boolean).join(" ")}
      {...(scrolls ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
