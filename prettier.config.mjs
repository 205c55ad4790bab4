// 140 columns: the width issue 20 measures long lines against, and close to how densely
// the code is already written, so the one-off format of the tree rewraps about half as
// many lines as 120 would (299 files against 386).
/** @type {import("prettier").Config} */
export default {
  printWidth: 140,
};
