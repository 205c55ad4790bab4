// 140 columns: close to how densely the code is written, so the one-off format of the
// tree rewraps about half as many lines as 120 would.
/** @type {import("prettier").Config} */
const config = {
  printWidth: 140,
};

export default config;
