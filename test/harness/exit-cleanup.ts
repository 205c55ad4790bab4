/**
 * Clean-ups that must run however this process ends: a normal exit, an
 * uncaught error (Node still emits "exit"), or SIGINT, SIGTERM or SIGHUP
 * (which would otherwise end it without "exit": they are turned into an
 * exit with the shell's 128 + signal status). Each clean-up is synchronous,
 * as "exit" allows nothing else, and runs once; a run that finished its work
 * removes its own with the function returned.
 */
import os from "node:os";

const cleanUps = new Set<() => void>();
let installed = false;

function runAll() {
  for (const cleanUp of [...cleanUps]) {
    cleanUps.delete(cleanUp);
    try {
      cleanUp();
    } catch (error) {
      console.error("clean-up on exit failed:", error);
    }
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.on("exit", runAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: cleaning up before exiting`);
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/** Runs `cleanUp` when the process ends, unless the returned function was called first. */
export function onExit(cleanUp: () => void): () => void {
  install();
  cleanUps.add(cleanUp);
  return () => cleanUps.delete(cleanUp);
}
