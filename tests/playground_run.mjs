// Runs the playground's JavaScript (docs/playground/backprop.js) on settings read as JSON
// from stdin, and prints JSON: the starting and trained weights, the progress lines and
// the prediction lines of each. tests/test_playground.py compares them with the package.
import { readFileSync } from "node:fs";
import { forward, initTutorial, outputLines, predictionLines, train } from "../docs/playground/backprop.js";

const settings = JSON.parse(readFileSync(0, "utf-8"));
const results = settings.map((s) => {
  const start = initTutorial(s.sizes, { seed: s.seed, scale: s.scale, biases: s.biases });
  const lines = [];
  const d = s.targets.map((t) => [t]);
  const { net } = train(start, s.inputs, d, {
    epsilon: s.epsilon, alpha: s.alpha, sweeps: s.sweeps, printEvery: s.print_every, out: (l) => lines.push(l),
  });
  const ys = forward(net, s.inputs);
  const weights = (n) => n.w.map((m) => m.map((row) => Array.from(row)));
  return { start: weights(start), trained: weights(net), lines, predictions: predictionLines(s.inputs, ys.at(-1), d), outputs: outputLines(s.inputs, ys.at(-1), d) };
});
process.stdout.write(JSON.stringify(results));
