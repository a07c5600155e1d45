// The backprop package's equations (1)-(9) in JavaScript, for the playground page.
//
// Names follow the paper and backprop/network.py: y (outputs), x (total inputs), w[i][j]
// (the paper's w_ji), dE_dy, dE_dx, dE_dw. A network is {w, biases}: w is one matrix per
// layer of connections, an array of rows (one per unit i below, plus the always-on unit's
// row when there are biases), each a Float64Array with one entry per unit j above.
// tests/test_playground.py runs this module under Node and holds it to the package.

// --- NumPy's legacy random stream: RandomState(seed).randn ------------------------------

const N = 624;
const M = 397;

// log(x) correctly rounded, as the C library's log (which NumPy's legacy Gaussians call)
// returns it: the JavaScript engine's Math.log may be off in the last bit, and a Gaussian
// with it would differ from NumPy's in the last bit. Double-double arithmetic (pairs of
// doubles, about 32 digits): x = m 2^k with m in [sqrt(1/2), sqrt(2)], log(m) = 2 atanh(s)
// with s = (m - 1) / (m + 1), summed to 2^-106, then rounded once.
function twoSum(a, b) {
  const s = a + b;
  const v = s - a;
  return [s, a - (s - v) + (b - v)];
}
function twoProd(a, b) {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function split(a) {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}
function norm(hi, lo) {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}
function ddAdd(a, b) {
  const [s, e] = twoSum(a[0], b[0]);
  return norm(s, e + a[1] + b[1]);
}
function ddMul(a, b) {
  const [p, e] = twoProd(a[0], b[0]);
  return norm(p, e + a[0] * b[1] + a[1] * b[0]);
}
function ddDiv(a, b) {
  const q1 = a[0] / b[0];
  let r = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r[0] / b[0];
  r = ddAdd(r, ddMul(b, [-q2, 0]));
  return ddAdd(norm(q1, q2), [r[0] / b[0], 0]);
}
const LN2 = [0.6931471805599453, 2.3190468138462996e-17];
const bits = new DataView(new ArrayBuffer(8));

export function logCorrectlyRounded(x) {
  if (!(x > 0) || x === Infinity) return Math.log(x); // NaN, 0, negatives, infinity
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 64; // subnormal: make it normal first
    k = -64;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  k += ((high >>> 20) & 0x7ff) - 1023;
  bits.setUint32(0, (high & 0x800fffff) | (1023 << 20));
  let m = bits.getFloat64(0); // in [1, 2)
  if (m > Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  const s = ddDiv(twoSum(m, -1), twoSum(m, 1));
  const s2 = ddMul(s, s);
  let sum = [0, 0];
  for (let n = 25; n >= 0; n--) sum = ddAdd(ddMul(sum, s2), ddDiv([1, 0], [2 * n + 1, 0]));
  const result = ddAdd(ddMul([k, 0], LN2), ddMul([2 * s[0], 2 * s[1]], sum));
  return result[0] + result[1];
}

export class LegacyRandom {
  // MT19937 seeded as NumPy's RandomState(seed) seeds it (an int seed: init_genrand).
  constructor(seed) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2**32 - 1], got ${seed}`);
    }
    this.key = new Uint32Array(N);
    this.key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.key[i - 1] ^ (this.key[i - 1] >>> 30);
      this.key[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
    this.hasGauss = false;
    this.gaussNext = 0;
  }

  next32() {
    const key = this.key;
    if (this.pos >= N) {
      for (let i = 0; i < N; i++) {
        const y = (key[i] & 0x80000000) | (key[(i + 1) % N] & 0x7fffffff);
        key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.pos = 0;
    }
    let y = key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  // A double in [0, 1) from 53 random bits, as NumPy's legacy stream makes it.
  double() {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  // A standard Gaussian by the polar method, keeping the second value for the next call.
  gauss() {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gaussNext;
    }
    let x1, x2, r2;
    do {
      x1 = 2.0 * this.double() - 1.0;
      x2 = 2.0 * this.double() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * logCorrectlyRounded(r2)) / r2);
    this.gaussNext = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  // randn(rows, cols): row by row, as NumPy fills a C-ordered array.
  randn(rows, cols) {
    return Array.from({ length: rows }, () => Float64Array.from({ length: cols }, () => this.gauss()));
  }
}

// --- the network -------------------------------------------------------------------------

// Weights drawn as the tutorial draws them: randn(n_i + biases, n_j) * scale, one matrix
// after another from RandomState(seed) (backprop.init_tutorial).
export function initTutorial(sizes, { seed, scale, biases = false }) {
  const rng = new LegacyRandom(seed);
  const w = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    w.push(rng.randn(sizes[l] + (biases ? 1 : 0), sizes[l + 1]).map((row) => row.map((v) => v * scale)));
  }
  return { w, biases };
}

export function sigmoid(x) {
  return 0.5 * (1 + Math.tanh(0.5 * x)); // (2)
}

// y_i with the always-on unit's 1 appended to every case, when the network has biases.
function withBias(y_i, biases) {
  return biases ? y_i.map((row) => Float64Array.from([...row, 1])) : y_i;
}

// The outputs of every layer for every case (rows), the inputs first.
export function forward(net, inputs) {
  return forwardWithTotals(net, inputs).ys;
}

// The forward pass keeping each layer's total inputs x too (the glass box shows them).
export function forwardWithTotals(net, inputs) {
  const ys = [inputs.map((row) => Float64Array.from(row))];
  const xs = [];
  for (const w of net.w) {
    const y_i = withBias(ys[ys.length - 1], net.biases);
    const n_j = w[0].length;
    const x = y_i.map((row) => {
      const x_j = new Float64Array(n_j);
      for (let j = 0; j < n_j; j++) {
        for (let i = 0; i < row.length; i++) x_j[j] += row[i] * w[i][j]; // (1)
      }
      return x_j;
    });
    xs.push(x);
    ys.push(x.map((row) => row.map(sigmoid))); // (2)
  }
  return { ys, xs };
}

export function error(y, d) {
  let E = 0;
  for (let c = 0; c < y.length; c++) {
    for (let j = 0; j < y[c].length; j++) E += 0.5 * (y[c][j] - d[c][j]) ** 2; // (3)
  }
  return E;
}

// dE_dw for every weight matrix, summed over the cases; also, for each matrix, dE_dy and
// dE_dx of the units it feeds, which the playground's step mode shows.
export function backward(net, ys, d) {
  const L = net.w.length;
  let dE_dy = ys[L].map((row, c) => row.map((y, j) => y - d[c][j])); // (4)
  const dE_dw = new Array(L);
  const dE_dxs = new Array(L);
  const dE_dys = new Array(L);
  for (let layer = L - 1; layer >= 0; layer--) {
    dE_dys[layer] = dE_dy;
    const y_i = withBias(ys[layer], net.biases);
    const y_j = ys[layer + 1];
    const dE_dx = dE_dy.map((row, c) => row.map((g, j) => g * y_j[c][j] * (1 - y_j[c][j]))); // (5)
    dE_dxs[layer] = dE_dx;
    dE_dw[layer] = Array.from(y_i[0], (_, i) =>
      Float64Array.from(dE_dx[0], (_, j) => {
        let s = 0;
        for (let c = 0; c < y_i.length; c++) s += y_i[c][i] * dE_dx[c][j]; // (6)
        return s;
      }),
    );
    if (layer > 0) {
      const w = net.w[layer];
      const n_i = ys[layer][0].length; // the bias unit's row needs no dE_dy
      dE_dy = dE_dx.map((row) => {
        const out = new Float64Array(n_i);
        for (let i = 0; i < n_i; i++) {
          let s = 0;
          for (let j = 0; j < row.length; j++) s += row[j] * w[i][j]; // (7)
          out[i] = s;
        }
        return out;
      });
    }
  }
  return { dE_dw, dE_dx: dE_dxs, dE_dy: dE_dys };
}

// Python's f"{step:5d}" and f"{loss:.4f}": the tutorial's progress line.
export function progressLine(step, loss) {
  return `Step ${String(step).padStart(5)} | Loss: ${loss.toFixed(4)}`;
}

// Like Python's f"{v:g}" for the 0s and 1s (and other short numbers) of the cases.
function g(v) {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

// The XOR page's lines after training: input [0. 1.] -> output 0.975 (desired 1), the
// inputs as NumPy prints a row of floats.
export function outputLines(inputs, y, d) {
  const numpy = (v) => (Number.isInteger(v) ? `${v}.` : String(v));
  return inputs.map(
    (x, c) => `input [${x.map(numpy).join(" ")}] -> output ${y[c][0].toFixed(3)} (desired ${g(d[c][0])})`,
  );
}

// backprop.cli.prediction_lines: the tutorial's lines after training.
export function predictionLines(inputs, y, d, arrow = "\u2192") {
  return inputs.map(
    (x, c) => `Input [${x.map(g).join(" ")}] ${arrow} Predicted: ${y[c][0].toFixed(3)} | Correct: ${g(d[c][0])}`,
  );
}

// One sweep: forward, E, backward, then (8), or (9) with momentum. Changes net.w and
// previous (the last changes) in place; returns what the sweep computed.
export function sweep(net, inputs, d, { epsilon, alpha = 0 }, previous) {
  const ys = forward(net, inputs);
  const E = error(ys[ys.length - 1], d);
  const { dE_dw, dE_dx } = backward(net, ys, d);
  for (let layer = 0; layer < net.w.length; layer++) {
    const w = net.w[layer];
    for (let i = 0; i < w.length; i++) {
      for (let j = 0; j < w[i].length; j++) {
        const delta_w =
          alpha === 0
            ? -epsilon * dE_dw[layer][i][j] // (8)
            : -epsilon * dE_dw[layer][i][j] + alpha * previous[layer][i][j]; // (9)
        previous[layer][i][j] = delta_w;
        w[i][j] += delta_w;
      }
    }
  }
  return { ys, E, dE_dw, dE_dx };
}

export function copyNet(net) {
  return { w: net.w.map((m) => m.map((row) => Float64Array.from(row))), biases: net.biases };
}

// backprop.train: E before each sweep's change; progress lines every printEvery sweeps.
export function train(net, inputs, d, { epsilon, sweeps, alpha = 0, printEvery = 0, out = () => {} }) {
  const trained = copyNet(net);
  const previous = trained.w.map((m) => m.map((row) => new Float64Array(row.length)));
  const history = new Float64Array(sweeps);
  const size = d.length * d[0].length;
  for (let t = 0; t < sweeps; t++) {
    const { E } = sweep(trained, inputs, d, { epsilon, alpha }, previous);
    if (!Number.isFinite(E)) throw new RangeError(`E is ${E} at sweep ${t}: lower the learning rate`);
    history[t] = E;
    if (printEvery && t % printEvery === 0) out(progressLine(t, (2 * E) / size));
  }
  return { net: trained, E: history };
}

export const TASKS = {
  XOR: [0, 1, 1, 0],
  AND: [0, 0, 0, 1],
  OR: [0, 1, 1, 1],
  XNOR: [1, 0, 0, 1],
};
export const INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
