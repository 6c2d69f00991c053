// Writes frontend/src/components/vietnam_outline.rs: Vietnam's outline as one SVG path, projected,
// simplified, with the projection's parameters, from Natural Earth's 1:50m countries as the npm package
// world-atlas 2.0.2 ships them (countries-50m.json, TopoJSON). See README.md beside this file.
//
//   node data/map/generate.mjs PATH/TO/world-atlas/countries-50m.json [OUTPUT.rs]
//
// Plain Node.js (20 or later), no packages: the TopoJSON is decoded here. The projection is
// equirectangular with longitudes scaled by the cosine of the mean latitude of the bounds:
//   x = (lon - WEST) * K * SCALE,  y = (NORTH - lat) * SCALE,  K = cos((SOUTH + NORTH) / 2).
// The Rust side (frontend/src/components/map_model.rs) projects the provinces' coordinates with
// the same constants, so markers and outline agree.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Vietnam's ISO 3166-1 numeric code, the id world-atlas gives its countries. */
const VIETNAM = "704";
/**
 * The drawing's bounds, in degrees. They hold the mainland (102.1–109.5 E, 8.6–23.4 N) and reach
 * east and south over the Hoàng Sa (Paracel, ~16.5 N 112 E) and Trường Sa (Spratly, ~10 N 114 E,
 * down to ~7.9 N) archipelagos, with room for their labels.
 */
const BOUNDS = { west: 101.8, east: 117.0, south: 7.2, north: 23.8 };
/** Units of the SVG's viewBox per degree of latitude. */
const SCALE = 30;
/** Douglas–Peucker tolerance, in viewBox units (0.5 is about 1.8 km). */
const TOLERANCE = 0.5;
/** Coordinates are written to a tenth of a unit. */
const PRECISION = 10;

const [input, output = join(dirname(fileURLToPath(import.meta.url)), "../../frontend/src/components/vietnam_outline.rs")] =
  process.argv.slice(2);
if (!input) {
  console.error("usage: node data/map/generate.mjs PATH/TO/countries-50m.json [OUTPUT.rs]");
  process.exit(2);
}

const topology = JSON.parse(readFileSync(input, "utf8"));
const country = topology.objects.countries.geometries.find((g) => g.id === VIETNAM);
if (!country) throw new Error(`no country with id ${VIETNAM} in ${input}`);
if (country.properties?.name !== "Vietnam") throw new Error(`country ${VIETNAM} is ${country.properties?.name}`);

// TopoJSON arcs are quantized and delta-encoded; a negative index ~i is arc i reversed.
const { scale: [sx, sy], translate: [tx, ty] } = topology.transform;
const decoded = topology.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});
const arcPoints = (index) => (index < 0 ? decoded[~index].slice().reverse() : decoded[index]);
const ring = (indices) => indices.flatMap((index, n) => (n === 0 ? arcPoints(index) : arcPoints(index).slice(1)));
const polygons = country.type === "Polygon" ? [country.arcs] : country.arcs;
const rings = polygons.flatMap((polygon) => polygon.map(ring));

const K = Math.cos((((BOUNDS.south + BOUNDS.north) / 2) * Math.PI) / 180);
const project = ([lon, lat]) => [(lon - BOUNDS.west) * K * SCALE, (BOUNDS.north - lat) * SCALE];
const width = (BOUNDS.east - BOUNDS.west) * K * SCALE;
const height = (BOUNDS.north - BOUNDS.south) * SCALE;

/** Douglas–Peucker on an open polyline. */
function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    const [ax, ay] = points[first];
    const [bx, by] = points[last];
    const length = Math.hypot(bx - ax, by - ay);
    let farthest = -1;
    let distance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i];
      const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** A closed ring simplified: split at its first point and the point farthest from it. */
function simplifyRing(points) {
  const open = points.slice(0, -1);
  let far = 0;
  open.forEach(([x, y], i) => {
    if (Math.hypot(x - open[0][0], y - open[0][1]) > Math.hypot(open[far][0] - open[0][0], open[far][1] - open[0][1])) far = i;
  });
  const a = simplify(open.slice(0, far + 1), TOLERANCE);
  const b = simplify([...open.slice(far), open[0]], TOLERANCE);
  return [...a, ...b.slice(1, -1)];
}

const tenths = (value) => Math.round(value * PRECISION);
/** A coordinate in tenths, written short: "0.5" as ".5", "-0.5" as "-.5". */
const show = (value) => String(value / PRECISION).replace(/^(-?)0\./, "$1.");
let path = "";
let points = 0;
let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
for (const points_ of rings) {
  const simplified = simplifyRing(points_.map(project)).map(([x, y]) => [tenths(x), tenths(y)]);
  // Drop repeated points the rounding made.
  const unique = simplified.filter(([x, y], i) => i === 0 || x !== simplified[i - 1][0] || y !== simplified[i - 1][1]);
  if (unique.length < 3) continue;
  points += unique.length;
  for (const [x, y] of unique) {
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  }
  const [[x0, y0], ...rest] = unique;
  path += `M${show(x0)} ${show(y0)}l`;
  let [px, py] = [x0, y0];
  path += rest
    .map(([x, y]) => {
      const step = `${show(x - px)} ${show(y - py)}`;
      [px, py] = [x, y];
      return step;
    })
    .join(" ")
    .replace(/ -/g, "-");
  path += "z";
}
if (minX < 0 || minY < 0 || maxX > tenths(width) || maxY > tenths(height)) {
  throw new Error("the outline leaves the bounds");
}

const number = (value) => (Number.isInteger(value) ? value.toFixed(1) : String(value));
const rust = `//! Vietnam's outline for [\`super::vietnam_map\`]: GENERATED by \`data/map/generate.mjs\` from Natural
//! Earth's 1:50m countries (public domain) as the npm package world-atlas 2.0.2 (ISC) ships them; see
//! \`data/map/README.md\`. Do not edit: run the generator again.

/// Western edge of the drawing, degrees east.
pub const WEST: f64 = ${number(BOUNDS.west)};
/// Eastern edge of the drawing, degrees east: far enough for the Hoàng Sa and Trường Sa archipelagos.
pub const EAST: f64 = ${number(BOUNDS.east)};
/// Southern edge of the drawing, degrees north.
pub const SOUTH: f64 = ${number(BOUNDS.south)};
/// Northern edge of the drawing, degrees north.
pub const NORTH: f64 = ${number(BOUNDS.north)};
/// The cosine of the mean latitude, (SOUTH + NORTH) / 2: how much a degree of longitude is shortened.
pub const COS_MEAN_LATITUDE: f64 = ${K};
/// ViewBox units per degree of latitude.
pub const SCALE: f64 = ${number(SCALE)};
/// The outline in viewBox coordinates (${points} points, ${rings.length} rings before dropping specks).
pub const PATH: &str = "${path}";
`;
writeFileSync(output, rust);
console.log(
  `${output}: ${points} points, path ${path.length} bytes, viewBox 0 0 ${width.toFixed(1)} ${height.toFixed(1)}`,
);
