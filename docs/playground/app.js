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

// The playground's colours, one table per theme (Material's data-md-color-scheme, which the
// reader's palette toggle switches: the pictures are drawn again when it does). Every line,
// mark and label stands out from what it is drawn on by 3:1, text by 4.5:1 (WCAG 2.1), in
// both themes: tests/test_playground.py measures them with backprop_docs.contrast.
const PALETTES = {
  default: {
    page: "#ffffff", // Material's background: what the SVG pictures are drawn on
    muted: "#5f6368", // the charts' ticks and the layers' names
    grid: "#949494",
    curve: "#3f51b5",
    positive: "#2e7d32", // weights: green positive, dashed purple negative (red and blue
    negative: "#8e24aa", // are the surface's 1 and 0)
    dim: "#949494", // the weights a step does not use
    ring: "#212121", // a unit's outline
    focus: "#3d5afe", // the outline of the units a step computes
    frame: "#757575", // round the surface
    // the surface: blue near 0, neutral at 0.5, red near 1 (the notebook's RdBu_r)
    surface: { low: "#2166ac", middle: "#f7f7f7", high: "#b2182b" },
    dotRings: ["#ffffff", "#000000"], // round each case's dot: a white ring, a black one along it
    caseText: "#000000", caseHalo: "#ffffff", // the cases' names on the surface
  },
  slate: {
    page: "#1e2129",
    muted: "#aab0bd",
    grid: "#737885",
    curve: "#9fa8da",
    positive: "#66bb6a",
    negative: "#ce93d8",
    dim: "#737885",
    ring: "#e2e4e9",
    focus: "#8c9eff",
    frame: "#aab0bd",
    surface: { low: "#4393c3", middle: "#2b2f3a", high: "#d6604d" },
    dotRings: ["#ffffff", "#000000"],
    caseText: "#ffffff", caseHalo: "#000000",
  },
};
const palette = () => PALETTES[document.body.getAttribute("data-md-color-scheme")] || PALETTES.default;

/** A unit's fill for its output y (black 0, white 1, in both themes) and the ink of the
 * number written on it: white on the darker greys, black from grey 117 of 255 up, where
 * both reach 4.5:1. */
function unitColours(y) {
  const grey = Math.round(255 * Math.min(1, Math.max(0, y)));
  return { fill: `rgb(${grey}, ${grey}, ${grey})`, ink: grey >= 117 ? "#000000" : "#ffffff" };
}

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

// The network: each unit a circle, or, when a step writes its number in it, a pill as wide
// as that number; each weight a line from one unit's right-hand end to the next one's
// left-hand end, so no line passes above, below or through a unit. Every label is inside its
// own unit or under the layers: none meets another unit, a line or a label (the tests read
// the drawn picture back and check).
const RADIUS = 14, SPACING = 48, TOP = 12, BOTTOM = 30, COLUMNS = [45, 160, 275], PAD = 5;

// focus (the glass box's step): {units: layer, values: one per unit} writes the step's
// numbers in that layer's units; {weights: layer or "all"} dims the other weights.
function drawNetwork(ys, c, focus = {}) {
  const svg = $("pg-network");
  svg.replaceChildren();
  const colours = palette();
  const sizes = [2, state.s.hidden, 1];
  const counts = sizes.map((n, layer) => n + (state.s.biases && layer < 2 ? 1 : 0));
  const W = 320, H = TOP + 2 * RADIUS + (Math.max(...counts) - 1) * SPACING + BOTTOM;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const [lines, units, labels] = [el("g", {}, svg), el("g", {}, svg), el("g", {}, svg)];
  const middle = TOP + RADIUS + ((Math.max(...counts) - 1) * SPACING) / 2;
  // Each unit's label first: a step's number sets its unit's width.
  const drawn = counts.map((n, layer) => Array.from({ length: n }, (_, k) => {
    const bias = k === sizes[layer];
    const y = bias ? 1 : ys[layer][c][k];
    const cx = COLUMNS[layer], cy = middle + (k - (n - 1) / 2) * SPACING;
    const step = focus.units === layer && !bias && focus.values;
    const text = bias ? "1" : step ? (step[k] >= 0 ? "+" : "") + step[k].toFixed(4) : y.toFixed(2);
    const label = el("text", { x: cx, y: cy + 3.5, class: step ? "pg-unit-label pg-step-value" : "pg-unit-label", fill: unitColours(y).ink }, labels);
    label.textContent = text;
    const measured = label.getBBox().width || 6 * text.length; // 0 where nothing is laid out
    const w = step ? Math.max(2 * RADIUS, measured + 2 * PAD) : 2 * RADIUS;
    return { bias, y, cx, cy, w, focused: focus.units === layer && !bias };
  }));
  const largest = Math.max(1e-9, ...state.net.w.flatMap((m) => m.flatMap((row) => [...row].map(Math.abs))));
  state.net.w.forEach((m, layer) => {
    m.forEach((row, i) => row.forEach((w, j) => {
      const a = drawn[layer][i], b = drawn[layer + 1][j];
      const dim = focus.weights !== undefined && focus.weights !== "all" && focus.weights !== layer;
      const stroke = dim ? colours.dim : w >= 0 ? colours.positive : colours.negative;
      el("line", {
        x1: a.cx + a.w / 2, y1: a.cy, x2: b.cx - b.w / 2, y2: b.cy, stroke,
        class: `${w >= 0 ? "pg-positive" : "pg-negative"}${dim ? " pg-dim" : ""}`,
        "stroke-width": 0.5 + 5 * Math.abs(w) / largest,
      }, lines).appendChild(el("title")).textContent = `w[${i}, ${j}] of layer ${layer + 1}: ${w.toFixed(4)}`;
    }));
  });
  drawn.flat().forEach((u) => {
    const unit = el("rect", {
      x: u.cx - u.w / 2, y: u.cy - RADIUS, width: u.w, height: 2 * RADIUS, rx: RADIUS,
      class: `pg-unit${u.bias ? " pg-bias" : ""}${u.focused ? " pg-focus" : ""}`,
      fill: unitColours(u.y).fill, stroke: u.focused ? colours.focus : colours.ring,
    }, units);
    el("title", {}, unit).textContent = u.bias ? "always-on unit: output 1" : `output ${u.y.toFixed(3)}`;
  });
  ["inputs", "hidden", "output"].forEach((name, layer) => {
    el("text", { x: COLUMNS[layer], y: H - 8, class: "pg-axis-label", fill: colours.muted }, svg).textContent = name;
  });
}

function drawError() {
  const svg = $("pg-error");
  svg.replaceChildren();
  const colours = palette();
  const W = 320, H = 180, left = 44, bottom = 24, top = 8, right = 8;
  const lo = -5, hi = Math.log10(2); // log10 E from 1e-5 to 2, the most four cases can give
  const X = (t) => left + ((W - left - right) * t) / (SWEEPS - 1);
  const Y = (E) => top + ((H - top - bottom) * (hi - Math.min(hi, Math.max(lo, Math.log10(E))))) / (hi - lo);
  // A line at each power of ten, and at the top, 2, the most four cases can give: labelled
  // 2 there, as the caption says; 1 (too close to 2 for two labels) gets its line alone.
  const ticks = Array.from({ length: 1 - lo }, (_, k) => [10 ** (lo + k), lo + k < 0 ? `1e${lo + k}` : ""]);
  for (const [E, label] of [...ticks, [2, "2"]]) {
    el("line", { x1: left, x2: W - right, y1: Y(E), y2: Y(E), class: "pg-grid", stroke: colours.grid }, svg);
    el("text", { x: left - 4, y: Y(E) + 4, class: "pg-tick", "text-anchor": "end", fill: colours.muted }, svg).textContent = label;
  }
  const last = SWEEPS - 1, middle = Math.round(last / 2);
  for (const [t, anchor] of [[0, "start"], [middle, "middle"], [last, "end"]]) {
    el("text", { x: X(t), y: H - 6, class: "pg-tick", "text-anchor": anchor, fill: colours.muted }, svg).textContent = String(t);
  }
  const every = Math.max(1, Math.floor(state.E.length / 400));
  const points = [];
  for (let t = 0; t < state.E.length; t += every) points.push(`${X(t).toFixed(1)},${Y(state.E[t]).toFixed(1)}`);
  if (state.E.length) points.push(`${X(state.E.length - 1).toFixed(1)},${Y(state.E.at(-1)).toFixed(1)}`);
  el("polyline", { points: points.join(" "), class: "pg-curve", stroke: colours.curve }, svg);
}

const hex = (colour) => [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16));

function drawSurface() {
  const canvas = $("pg-surface");
  const colours = palette();
  canvas.style.borderColor = colours.frame;
  const n = 60;
  const ctx = canvas.getContext("2d");
  const grid = [];
  for (let r = 0; r < n; r++) for (let k = 0; k < n; k++) grid.push([-0.5 + (2 * k) / (n - 1), 1.5 - (2 * r) / (n - 1)]);
  const out = forward(state.net, grid).at(-1);
  const image = ctx.createImageData(n, n);
  // High near 1, low near 0, the middle colour at 0.5: the notebook's decision surfaces
  // (RdBu_r), on a dark middle in the dark theme.
  const [low, middle, high] = [colours.surface.low, colours.surface.middle, colours.surface.high].map(hex);
  out.forEach(([y], p) => {
    const [to, t] = y >= 0.5 ? [high, 2 * y - 1] : [low, 1 - 2 * y];
    image.data.set([...middle.map((w, k) => Math.round(w + (to[k] - w) * t)), 255], 4 * p);
  });
  const small = new OffscreenCanvas(n, n);
  small.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  INPUTS.forEach(([a, b], c) => {
    const x = ((a + 0.5) / 2) * canvas.width, y = ((1.5 - b) / 2) * canvas.height;
    ctx.beginPath();
    ctx.arc(x, y, 9, 0, 2 * Math.PI);
    // The target's colour inside a white ring and a black one: whatever the surface's colour
    // around it, one of them stands out from it, and the target's colour from the white.
    ctx.fillStyle = state.d[c][0] ? colours.surface.high : colours.surface.low;
    ctx.fill();
    ctx.lineWidth = 5;
    ctx.strokeStyle = colours.dotRings[0];
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = colours.dotRings[1];
    ctx.stroke();
    // The case's name on a halo of its own: readable on any colour of the surface.
    ctx.font = "bold 13px sans-serif";
    ctx.textAlign = "center";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4;
    ctx.strokeStyle = colours.caseHalo;
    ctx.strokeText(`[${a}, ${b}]`, x, y + 26);
    ctx.fillStyle = colours.caseText;
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
  // The reader's palette toggle: the pictures in the theme's colours.
  new MutationObserver(() => { drawError(); drawSurface(); drawGlass(); })
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  window.playground = {
    get state() { return state; }, get stage() { return stage; }, copyNet,
    palette, unitColours,
  };
}

start();
