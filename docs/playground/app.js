// The playground page: controls, live training, and the pictures. The numerics are in
// backprop.js (the package's equations, tested against it); this file only draws.
import { INPUTS, TASKS, backward, copyNet, error, forward, forwardWithTotals, initTutorial, outputLines, progressLine, sweep } from "./backprop.js";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
// The tutorial's settings, written into the page when the site is built (backprop.TUTORIAL):
// the form's starting values, and the run's length, print interval and weight scale.
const page = $("playground").dataset;
const SWEEPS = Number(page.sweeps); // the tutorial's run: steps 0 to SWEEPS - 1
const PRINT_EVERY = Number(page.printEvery);
const SCALE = Number(page.scale);
const DEFAULTS = {
  task: "XOR", targets: "0110", biases: false, alpha: 0,
  hidden: Number($("pg-hidden").defaultValue),
  epsilon: Number($("pg-epsilon").defaultValue),
  seed: Number($("pg-seed").defaultValue),
};

let state; // the settings, the network, its momentum memory, and the history of E
let timer = null;

function settingsFromUrl() {
  const q = new URLSearchParams(location.search);
  const s = { ...DEFAULTS };
  if (q.has("task") && (q.get("task") in TASKS || q.get("task") === "typed")) s.task = q.get("task");
  if (/^[01]{4}$/.test(q.get("targets") || "")) s.targets = q.get("targets");
  const number = (key, lo, hi, int) => {
    const v = Number(q.get(key));
    if (q.has(key) && Number.isFinite(v) && v >= lo && v <= hi && (!int || Number.isInteger(v))) s[key] = v;
  };
  number("hidden", 1, 8, true);
  number("epsilon", -Infinity, Infinity, false); // any number the form takes: reset() judges
  number("alpha", -Infinity, Infinity, false); // it, so a bad one is named, not dropped
  number("seed", 0, 2 ** 32 - 1, true);
  if (q.has("biases")) s.biases = q.get("biases") === "1";
  return s;
}

function settingsFromForm() {
  return {
    task: $("pg-task").value,
    targets: [0, 1, 2, 3].map((c) => ($(`pg-t${c}`).checked ? "1" : "0")).join(""),
    hidden: Number($("pg-hidden").value),
    biases: $("pg-biases").checked,
    epsilon: Number($("pg-epsilon").value),
    alpha: Number($("pg-alpha").value),
    seed: Number($("pg-seed").value),
  };
}

function showSettings(s) {
  $("pg-task").value = s.task;
  const targets = s.task === "typed" ? s.targets : TASKS[s.task].join("");
  [0, 1, 2, 3].forEach((c) => {
    $(`pg-t${c}`).checked = targets[c] === "1";
    $(`pg-t${c}`).disabled = s.task !== "typed";
  });
  $("pg-hidden").value = s.hidden;
  $("pg-hidden-value").textContent = s.hidden;
  $("pg-biases").checked = s.biases;
  $("pg-epsilon").value = s.epsilon;
  $("pg-alpha").value = s.alpha;
  $("pg-seed").value = s.seed;
}

function targetsOf(s) {
  const t = s.task === "typed" ? [...s.targets].map(Number) : TASKS[s.task];
  return t.map((v) => [v]);
}

function reset(s) {
  const problems = [];
  if (!(s.epsilon > 0)) problems.push(`the learning rate must be above 0, got ${s.epsilon}`);
  if (!(s.alpha >= 0 && s.alpha < 1)) problems.push(`the momentum must be in [0, 1), got ${s.alpha}`);
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 32 - 1)
    problems.push(`the seed must be a whole number from 0 to 4294967295, got ${s.seed}`);
  $("pg-problem").textContent = problems.join("; ");
  if (problems.length) return false;
  pause();
  const net = initTutorial([2, s.hidden, 1], { seed: s.seed, scale: SCALE, biases: s.biases });
  state = {
    s,
    d: targetsOf(s),
    net,
    previous: net.w.map((m) => m.map((row) => new Float64Array(row.length))),
    E: [],
    lines: [],
    done: false,
  };
  const q = new URLSearchParams({ ...s, biases: s.biases ? "1" : "0" });
  if (s.task !== "typed") q.delete("targets");
  history.replaceState(null, "", `?${q}`);
  stage = 0;
  draw();
  return true;
}

// One sweep of the tutorial's run; the progress line before its change, as train() prints.
function step() {
  if (state.done) return;
  const t = state.E.length;
  const { E } = sweep(state.net, INPUTS, state.d, state.s, state.previous);
  if (!Number.isFinite(E)) {
    $("pg-problem").textContent = `E is ${E} at sweep ${t}: lower the learning rate`;
    state.done = true;
    return;
  }
  state.E.push(E);
  if (t % PRINT_EVERY === 0) state.lines.push(progressLine(t, (2 * E) / 4));
  if (state.E.length === SWEEPS) state.done = true;
}

function play() {
  if (timer !== null || state.done) return;
  $("pg-play").textContent = "Pause";
  const frame = () => {
    const until = performance.now() + 12;
    do step();
    while (!state.done && performance.now() < until);
    stage = 0;
    draw();
    if (state.done) pause();
    else timer = requestAnimationFrame(frame);
  };
  timer = requestAnimationFrame(frame);
}

function pause() {
  if (timer !== null) cancelAnimationFrame(timer);
  timer = null;
  $("pg-play").textContent = "Play";
}

// --- pictures ------------------------------------------------------------------------

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

// focus (the glass box's step): {units: layer, values: one per unit} labels that layer's
// units with what the step computed; {weights: layer or "all"} dims the other weights.
function drawNetwork(ys, c, focus = {}) {
  const svg = $("pg-network");
  svg.replaceChildren();
  const sizes = [2, state.s.hidden, 1];
  const W = 320, H = 230;
  const at = (layer, k) => {
    const n = sizes[layer] + (state.s.biases && layer < 2 ? 1 : 0);
    return [50 + layer * 110, H / 2 + (k - (n - 1) / 2) * Math.min(44, (H - 40) / Math.max(n - 1, 1))];
  };
  const largest = Math.max(1e-9, ...state.net.w.flatMap((m) => m.flatMap((row) => [...row].map(Math.abs))));
  state.net.w.forEach((m, layer) => {
    m.forEach((row, i) => row.forEach((w, j) => {
      const [x1, y1] = at(layer, i), [x2, y2] = at(layer + 1, j);
      const dim = focus.weights !== undefined && focus.weights !== "all" && focus.weights !== layer;
      const kind = `${w >= 0 ? "pg-positive" : "pg-negative"}${dim ? " pg-dim" : ""}`;
      el("line", { x1, y1, x2, y2, class: kind, "stroke-width": 0.5 + 5 * Math.abs(w) / largest }, svg)
        .appendChild(el("title")).textContent = `w[${i}, ${j}] of layer ${layer + 1}: ${w.toFixed(4)}`;
    }));
  });
  sizes.forEach((n, layer) => {
    for (let k = 0; k < n + (state.s.biases && layer < 2 ? 1 : 0); k++) {
      const bias = k === n;
      const y = bias ? 1 : ys[layer][c][k];
      const [cx, cy] = at(layer, k);
      const focused = focus.units === layer && !bias;
      const kind = `pg-unit${bias ? " pg-bias" : ""}${focused ? " pg-focus" : ""}`;
      const unit = el("circle", { cx, cy, r: 14, class: kind, style: `--y: ${y}` }, svg);
      el("title", {}, unit).textContent = bias ? "always-on unit: output 1" : `output ${y.toFixed(3)}`;
      const ink = y > 0.5 ? "pg-unit-label pg-on-light" : "pg-unit-label";
      el("text", { x: cx, y: cy + 4, class: ink }, svg).textContent = bias ? "1" : y.toFixed(2);
      if (focused && focus.values) {
        const value = focus.values[k];
        el("text", { x: cx, y: cy - 17, class: "pg-step-value" }, svg).textContent = (value >= 0 ? "+" : "") + value.toFixed(4);
      }
    }
  });
  ["inputs", "hidden", "output"].forEach((name, layer) => {
    el("text", { x: at(layer, 0)[0], y: H - 4, class: "pg-axis-label" }, svg).textContent = name;
  });
}

function drawError() {
  const svg = $("pg-error");
  svg.replaceChildren();
  const W = 320, H = 180, left = 44, bottom = 24, top = 8, right = 8;
  const lo = -5, hi = Math.log10(2); // log10 E from 1e-5 to 2, the most four cases can give
  const X = (t) => left + ((W - left - right) * t) / (SWEEPS - 1);
  const Y = (E) => top + ((H - top - bottom) * (hi - Math.min(hi, Math.max(lo, Math.log10(E))))) / (hi - lo);
  // A line at each power of ten, and at the top, 2, the most four cases can give: labelled
  // 2 there, as the caption says; 1 (too close to 2 for two labels) gets its line alone.
  const ticks = Array.from({ length: 1 - lo }, (_, k) => [10 ** (lo + k), lo + k < 0 ? `1e${lo + k}` : ""]);
  for (const [E, label] of [...ticks, [2, "2"]]) {
    el("line", { x1: left, x2: W - right, y1: Y(E), y2: Y(E), class: "pg-grid" }, svg);
    el("text", { x: left - 4, y: Y(E) + 4, class: "pg-tick", "text-anchor": "end" }, svg).textContent = label;
  }
  const last = SWEEPS - 1, middle = Math.round(last / 2);
  for (const [t, anchor] of [[0, "start"], [middle, "middle"], [last, "end"]]) {
    el("text", { x: X(t), y: H - 6, class: "pg-tick", "text-anchor": anchor }, svg).textContent = String(t);
  }
  const every = Math.max(1, Math.floor(state.E.length / 400));
  const points = [];
  for (let t = 0; t < state.E.length; t += every) points.push(`${X(t).toFixed(1)},${Y(state.E[t]).toFixed(1)}`);
  if (state.E.length) points.push(`${X(state.E.length - 1).toFixed(1)},${Y(state.E.at(-1)).toFixed(1)}`);
  el("polyline", { points: points.join(" "), class: "pg-curve" }, svg);
}

function drawSurface() {
  const canvas = $("pg-surface");
  const n = 60;
  const ctx = canvas.getContext("2d");
  const grid = [];
  for (let r = 0; r < n; r++) for (let k = 0; k < n; k++) grid.push([-0.5 + (2 * k) / (n - 1), 1.5 - (2 * r) / (n - 1)]);
  const out = forward(state.net, grid).at(-1);
  const image = ctx.createImageData(n, n);
  // Red near 1, blue near 0, white at 0.5: the notebook's decision surfaces (RdBu_r).
  const red = [178, 24, 43], white = [247, 247, 247], blue = [33, 102, 172];
  out.forEach(([y], p) => {
    const [to, t] = y >= 0.5 ? [red, 2 * y - 1] : [blue, 1 - 2 * y];
    image.data.set([...white.map((w, k) => Math.round(w + (to[k] - w) * t)), 255], 4 * p);
  });
  const small = new OffscreenCanvas(n, n);
  small.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  INPUTS.forEach(([a, b], c) => {
    const x = ((a + 0.5) / 2) * canvas.width, y = ((1.5 - b) / 2) * canvas.height;
    ctx.beginPath();
    ctx.arc(x, y, 9, 0, 2 * Math.PI);
    // The target's colour inside a white ring and a black one: it stays visible on a
    // trained surface of the same colour.
    ctx.fillStyle = state.d[c][0] ? "#b2182b" : "#2166ac";
    ctx.fill();
    ctx.lineWidth = 5;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#000000";
    ctx.stroke();
    ctx.font = "bold 13px sans-serif";
    ctx.fillStyle = "#000000";
    ctx.textAlign = "center";
    ctx.fillText(`[${a}, ${b}]`, x, y + 26);
  });
}

// Everything on the page; the network is drawn by drawGlass, with the current step's numbers.
function draw() {
  drawError();
  drawSurface();
  const t = state.E.length;
  $("pg-sweep").textContent = `${t.toLocaleString("en")} of ${SWEEPS.toLocaleString("en")} sweeps (the tutorial's steps 0 to ${(SWEEPS - 1).toLocaleString("en")})`;
  const predictions = state.done ? outputLines(INPUTS, forward(state.net, INPUTS).at(-1), state.d) : [];
  const printed = [...state.lines, ...predictions].join("\n");
  $("pg-lines").textContent = printed;
  $("pg-lines").hidden = !printed; // before a run: no empty box under the chart
  drawGlass();
}

// --- the glass box: one sweep, one equation at a time -------------------------------------

const STAGES = [
  { eqs: [1, 2], title: "Forward, input to hidden: each hidden unit's total input (1) and output (2)" },
  { eqs: [1, 2], title: "Forward, hidden to output: the output unit's total input (1) and output (2)" },
  { eqs: [3], title: "The error (3): half the squared differences, summed over the four cases" },
  { eqs: [4, 5], title: "Backward, at the output: dE/dy (4), then dE/dx through the unit (5)" },
  { eqs: [6], title: "Into the weights from the hidden units to the output (6), summed over the cases" },
  { eqs: [7], title: "Back to the hidden units: their dE/dy (7)" },
  { eqs: [5], title: "Through the hidden units: their dE/dx (5)" },
  { eqs: [6], title: "Into the weights from the inputs to the hidden units (6), summed over the cases" },
  { eqs: [8, 9], title: "The change: every weight moves by (8), or (9) with momentum; the sweep is done" },
];
let stage = 0;

// What the next sweep computes, before its change: every number the stages show.
function glassNumbers() {
  const { ys, xs } = forwardWithTotals(state.net, INPUTS);
  const { dE_dw, dE_dx, dE_dy } = backward(state.net, ys, state.d);
  return { ys, totals: xs, E: error(ys.at(-1), state.d), dE_dw, dE_dx, dE_dy_out: dE_dy[1], dE_dy_hidden: dE_dy[0] };
}

function table(head, rows) {
  const cell = (v) => (typeof v === "number" ? (v >= 0 ? "+" : "") + v.toFixed(5) : v);
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** A case as the pages write it: [1, 0]. */
const caseName = (x) => `[${x.join(", ")}]`;

function drawGlass() {
  const g = glassNumbers();
  const c = Number($("pg-case").value);
  const hidden = state.s.hidden;
  const inputName = (i) => (i < 2 ? `input ${i + 1}` : "bias unit");
  const hiddenName = (i) => (i < hidden ? `hidden ${i + 1}` : "bias unit");
  const which = `case ${caseName(INPUTS[c])}`;
  const views = [
    () => table(["unit", `x (${which})`, "y"], Array.from(g.totals[0][c], (x, j) => [hiddenName(j), x, g.ys[1][c][j]])),
    () => table(["unit", `x (${which})`, "y", "d"], [["output", g.totals[1][c][0], g.ys[2][c][0], String(state.d[c][0])]]),
    () => table(["case", "y", "d", "½ (y − d)²"], INPUTS.map((x, k) => [caseName(x), g.ys[2][k][0], String(state.d[k][0]), 0.5 * (g.ys[2][k][0] - state.d[k][0]) ** 2]))
      + `<p>E = ${g.E.toFixed(5)}</p>`,
    () => table(["unit", `dE/dy (${which})`, "dE/dx"], [["output", g.dE_dy_out[c][0], g.dE_dx[1][c][0]]]),
    () => table(["weight", "dE/dw"], g.dE_dw[1].map((row, i) => [`${hiddenName(i)} → output`, row[0]])),
    () => table(["unit", `dE/dy (${which})`], Array.from(g.dE_dy_hidden[c], (v, i) => [hiddenName(i), v])),
    () => table(["unit", `dE/dx (${which})`], Array.from(g.dE_dx[0][c], (v, j) => [hiddenName(j), v])),
    () => table(["weight", ...Array.from({ length: hidden }, (_, j) => `→ ${hiddenName(j)}`)],
      g.dE_dw[0].map((row, i) => [inputName(i), ...row])),
    () => {
      const { epsilon, alpha } = state.s;
      const rule = alpha ? `Δw = −${epsilon} dE/dw + ${alpha} × the last Δw` : `Δw = −${epsilon} dE/dw`;
      return `<p>${rule}, for every weight; for example:</p>` + table(["weight", "w", "Δw", "new w"],
        g.dE_dw[1].map((row, i) => {
          const delta = -epsilon * row[0] + alpha * state.previous[1][i][0];
          return [`${hiddenName(i)} → output`, state.net.w[1][i][0], delta, state.net.w[1][i][0] + delta];
        }));
    },
  ];
  const focus = [
    { units: 1, values: g.totals[0][c] }, // x_j of the hidden units
    { units: 2, values: g.totals[1][c] },
    { units: 2, values: g.ys[2][c] },
    { units: 2, values: g.dE_dx[1][c] },
    { weights: 1 },
    { units: 1, values: g.dE_dy_hidden[c] },
    { units: 1, values: g.dE_dx[0][c] },
    { weights: 0 },
    { weights: "all" },
  ][stage];
  drawNetwork(g.ys, c, focus);
  $("pg-glass-where").textContent = `step ${stage + 1} of ${STAGES.length}, sweep ${state.E.length}`;
  $("pg-glass-title").textContent = STAGES[stage].title;
  $("pg-glass-numbers").innerHTML = views[stage]();
  const shown = STAGES[stage].eqs.filter((n) => n !== 9 || state.s.alpha).filter((n) => n !== 8 || !state.s.alpha);
  document.querySelectorAll("#pg-equations .eq-pair").forEach((pair) => {
    pair.classList.toggle("pg-current", shown.includes(Number(pair.id.slice(3))));
  });
}

function nextStage() {
  pause();
  if (state.done) { // nothing left to step through: say so, and how to go on
    $("pg-glass-where").textContent =
      `The run has made all ${SWEEPS.toLocaleString("en")} sweeps: press Reset to start it again.`;
    return;
  }
  if (stage === STAGES.length - 1) {
    step(); // the change, as "One sweep" makes it
    stage = 0;
    draw();
  } else {
    stage += 1;
    drawGlass();
  }
}

export function start() {
  showSettings(settingsFromUrl());
  reset(settingsFromForm());
  $("pg-controls").addEventListener("change", () => {
    showSettings(settingsFromForm());
    reset(settingsFromForm());
  });
  $("pg-hidden").addEventListener("input", () => ($("pg-hidden-value").textContent = $("pg-hidden").value));
  $("pg-play").addEventListener("click", () => (timer === null ? play() : pause()));
  $("pg-step").addEventListener("click", () => { pause(); step(); stage = 0; draw(); });
  $("pg-reset").addEventListener("click", () => reset(settingsFromForm()));
  $("pg-finish").addEventListener("click", () => { pause(); while (!state.done) step(); stage = 0; draw(); });
  $("pg-case").addEventListener("change", drawGlass);
  $("pg-glass-next").addEventListener("click", nextStage);
  $("pg-glass-restart").addEventListener("click", () => { stage = 0; drawGlass(); });
  window.playground = { get state() { return state; }, get stage() { return stage; }, copyNet };
}

start();
