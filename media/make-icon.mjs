// Draws media/icon.png (the Marketplace icon): a violet-to-blue rounded square holding a white
// speech bubble with a "Y" cut out of it. Run `node media/make-icon.mjs` after changing a shape.
// Shapes are signed distance functions, sampled 4x4 per pixel for smooth edges; the PNG is
// written by hand (RGBA, zlib), so this needs nothing but Node.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const SAMPLES = 4;

// ---- shapes (negative distance = inside) ----

const roundBox = (x, y, cx, cy, halfW, halfH, radius) => {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};

const segment = (x, y, ax, ay, bx, by, radius) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - radius;
};

// Inside a triangle when on the same side of all three edges (sign only; used for the tail).
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const side = (x1, y1, x2, y2) => (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
  const s1 = side(ax, ay, bx, by);
  const s2 = side(bx, by, cx, cy);
  const s3 = side(cx, cy, ax, ay);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
};

const tile = (x, y) => roundBox(x, y, 128, 128, 120, 120, 52) < 0;
const bubble = (x, y) => roundBox(x, y, 128, 116, 84, 62, 34) < 0 || inTriangle(x, y, [84, 160], [70, 212], [126, 172]);
const letterY = (x, y) =>
  Math.min(segment(x, y, 128, 124, 98, 82, 11), segment(x, y, 128, 124, 158, 82, 11), segment(x, y, 128, 124, 128, 154, 11)) < 0;

// Violet (top left) to blue (bottom right).
const FROM = [124, 77, 255];
const TO = [46, 99, 255];
const gradient = (x, y) => {
  const t = Math.max(0, Math.min(1, (x + y) / (2 * SIZE)));
  return FROM.map((c, i) => c + (TO[i] - c) * t);
};

function pixel(px, py) {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (!tile(x, y)) continue;
      const white = bubble(x, y) && !letterY(x, y);
      const [cr, cg, cb] = white ? [255, 255, 255] : gradient(x, y);
      r += cr;
      g += cg;
      b += cb;
      a += 1;
    }
  }
  // Colour averaged over the covered samples (straight alpha), alpha = coverage.
  return a === 0 ? [0, 0, 0, 0] : [r / a, g / a, b / a, (255 * a) / (SAMPLES * SAMPLES)].map(Math.round);
}

// ---- PNG ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace

// Each row: filter byte 0 (none), then RGBA pixels.
const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let y = 0; y < SIZE; y++) {
  const row = y * (1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
}

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`media/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
