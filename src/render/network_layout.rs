//! A deterministic layout for a network diagram: nodes in groups, each
//! anchored at a seeded place in its group's area, pulled towards its
//! neighbours by a fixed number of barycentric steps, then moved apart
//! until no two label boxes overlap.
//!
//! Same input, same positions, bit for bit, on every platform: every node
//! starts at an anchor made from a hash of its key (not its place in the
//! input), only `+ - * /` are used (IEEE exact) with written-out constants
//! for directions, and nodes are visited in sorted order. A node's place
//! depends only on its anchor and the nodes up to [`HOPS`] links away, so
//! adding a node moves its neighbourhood and whatever its box pushes aside,
//! and leaves the rest of the picture where it was. (A force layout with
//! global repulsion was tried first: one new node moved every node of the
//! example by 10–100 px.)

use std::f64::consts::FRAC_1_SQRT_2;

/// A node: a stable key, its group and the size of its box (symbol and
/// label) in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub key: String,
    pub group: usize,
    pub width: f64,
    pub height: f64,
}

/// A box placed by the layout: the centre of the node's symbol is at
/// (`x`, `y`), the box spans `left..left+width` and `top..top+height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Placed {
    /// Whether two boxes overlap (touching edges do not).
    pub fn overlaps(&self, o: &Placed) -> bool {
        self.left < o.left + o.width
            && o.left < self.left + self.width
            && self.top < o.top + o.height
            && o.top < self.top + self.height
    }
}

/// The ideal distance between linked nodes.
const K: f64 = 110.0;
/// Steps of the layout: how many links away a node's place is felt.
const HOPS: usize = 2;
/// Where the symbol sits in its box, from the top.
pub const SYMBOL_Y: f64 = 12.0;
/// How far a node moves from its anchor towards its neighbours (at most).
const PULL: f64 = 0.6;
/// Room kept between boxes.
const GAP: f64 = 6.0;

/// Unit directions of up to eight group centres around the middle (cos,
/// sin of multiples of 45°, written out so no platform's trigonometry
/// enters the result).
const DIRS: [(f64, f64); 8] = [
    (0.0, -1.0),
    (FRAC_1_SQRT_2, -FRAC_1_SQRT_2),
    (1.0, 0.0),
    (FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    (0.0, 1.0),
    (-FRAC_1_SQRT_2, FRAC_1_SQRT_2),
    (-1.0, 0.0),
    (-FRAC_1_SQRT_2, -FRAC_1_SQRT_2),
];

/// FNV-1a: a stable hash of a key.
fn hash(s: &str, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A number in [-1, 1) from a key.
fn unit(s: &str, salt: u64) -> f64 {
    let h = hash(s, salt) >> 11;
    // 53 bits: exact in f64.
    (h as f64) / ((1u64 << 52) as f64) - 1.0
}

/// Rounded up to a multiple of 8, so adding one node seldom changes the
/// scale of the picture.
fn bucket(n: usize) -> f64 {
    (n.div_ceil(8).max(1) * 8) as f64
}

/// Lay out `nodes` (any order; sorted by key inside) joined by `edges`
/// (indices into `nodes`, with a weight ≥ 1). Returns one box per node, in
/// the order of `nodes`, none overlapping another.
pub fn layout(nodes: &[Node], edges: &[(usize, usize, f64)]) -> Vec<Placed> {
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    // Work in key order so the input order does not matter.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| nodes[a].key.cmp(&nodes[b].key));
    let groups = nodes.iter().map(|x| x.group).max().unwrap_or(0) + 1;
    let mut per_group = vec![0usize; groups];
    for x in nodes {
        per_group[x.group] += 1;
    }
    let spread = K * 0.5 * bucket(n).sqrt();
    let anchor: Vec<(f64, f64)> = nodes
        .iter()
        .map(|x| {
            let (dx, dy) = DIRS[x.group % DIRS.len()];
            let ring = 1.0 + (x.group / DIRS.len()) as f64 * 0.5;
            let r = K * 0.45 * bucket(per_group[x.group]).sqrt();
            (
                dx * spread * ring + unit(&x.key, 1) * r,
                dy * spread * ring + unit(&x.key, 2) * r,
            )
        })
        .collect();
    let mut pos = anchor.clone();
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, w) in edges {
        if a != b && a < n && b < n {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
    }
    for list in &mut adj {
        list.sort_by(|x, y| nodes[x.0].key.cmp(&nodes[y.0].key));
    }
    // Anchored barycentric steps: each node moves towards the mean of its
    // neighbours, held by its anchor. A node only ever feels nodes within
    // `HOPS` links, so a new node moves its neighbourhood and nothing else.
    for _ in 0..HOPS {
        let next: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let total: f64 = adj[i].iter().map(|&(_, w)| w).sum();
                if total <= 0.0 {
                    return pos[i];
                }
                let (mut mx, mut my) = (0.0, 0.0);
                for &(j, w) in &adj[i] {
                    mx += pos[j].0 * w;
                    my += pos[j].1 * w;
                }
                let pull = PULL * total / (total + 2.0);
                (
                    anchor[i].0 * (1.0 - pull) + mx / total * pull,
                    anchor[i].1 * (1.0 - pull) + my / total * pull,
                )
            })
            .collect();
        pos = next;
    }
    let mut boxes: Vec<Placed> = nodes
        .iter()
        .zip(&pos)
        .map(|(x, &(px, py))| place(x, px, py))
        .collect();
    separate(nodes, &order, &mut boxes);
    if has_overlap(&boxes) {
        grid(nodes, &order, &mut boxes);
    }
    boxes
}

fn place(x: &Node, px: f64, py: f64) -> Placed {
    let (px, py) = (round(px), round(py));
    Placed {
        x: px,
        y: py,
        left: px - x.width / 2.0,
        top: py - SYMBOL_Y,
        width: x.width,
        height: x.height,
    }
}

/// To a tenth of a pixel, as written in the SVG.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Move overlapping boxes apart along the axis where they overlap least,
/// a fixed number of passes at most.
fn separate(nodes: &[Node], order: &[usize], boxes: &mut [Placed]) {
    for _ in 0..400 {
        let mut moved = false;
        // Sweep along x: only boxes whose x ranges meet are compared.
        let mut by_left: Vec<usize> = order.to_vec();
        by_left.sort_by(|&a, &b| {
            boxes[a]
                .left
                .total_cmp(&boxes[b].left)
                .then_with(|| nodes[a].key.cmp(&nodes[b].key))
        });
        for (k, &a) in by_left.iter().enumerate() {
            for &b in &by_left[k + 1..] {
                let (pa, pb) = (boxes[a], boxes[b]);
                if pb.left >= pa.left + pa.width + GAP {
                    break;
                }
                let ox =
                    (pa.left + pa.width + GAP).min(pb.left + pb.width + GAP) - pa.left.max(pb.left);
                let oy =
                    (pa.top + pa.height + GAP).min(pb.top + pb.height + GAP) - pa.top.max(pb.top);
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                let (dx, dy) = if ox < oy * 2.0 {
                    let s = if pa.x <= pb.x { 1.0 } else { -1.0 };
                    (s * (ox / 2.0 + 0.1), 0.0)
                } else {
                    let s = if pa.y <= pb.y { 1.0 } else { -1.0 };
                    (0.0, s * (oy / 2.0 + 0.1))
                };
                let (na, nb) = (&nodes[a], &nodes[b]);
                boxes[a] = place(na, pa.x - dx, pa.y - dy);
                boxes[b] = place(nb, pb.x + dx, pb.y + dy);
            }
        }
        if !moved {
            return;
        }
    }
}

fn has_overlap(boxes: &[Placed]) -> bool {
    boxes
        .iter()
        .enumerate()
        .any(|(i, a)| boxes[i + 1..].iter().any(|b| a.overlaps(b)))
}

/// The last resort: rows of boxes by group, then key.
fn grid(nodes: &[Node], order: &[usize], boxes: &mut [Placed]) {
    let mut seq = order.to_vec();
    seq.sort_by(|&a, &b| {
        nodes[a]
            .group
            .cmp(&nodes[b].group)
            .then_with(|| nodes[a].key.cmp(&nodes[b].key))
    });
    let row_width = K * 2.0 * bucket(nodes.len()).sqrt();
    let (mut x, mut y, mut row_h) = (0.0f64, 0.0f64, 0.0f64);
    for i in seq {
        let nd = &nodes[i];
        if x > 0.0 && x + nd.width > row_width {
            x = 0.0;
            y += row_h + GAP;
            row_h = 0.0;
        }
        boxes[i] = place(nd, x + nd.width / 2.0, y + SYMBOL_Y);
        x += nd.width + GAP;
        row_h = row_h.max(nd.height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(key: &str, group: usize) -> Node {
        Node {
            key: key.into(),
            group,
            width: 80.0,
            height: 36.0,
        }
    }

    #[test]
    fn same_input_same_positions_whatever_the_order() {
        let nodes: Vec<Node> = (0..30).map(|i| node(&format!("n{i}"), i % 5)).collect();
        let edges: Vec<(usize, usize, f64)> = (0..30).map(|i| (i, (i * 7 + 3) % 30, 1.0)).collect();
        let a = layout(&nodes, &edges);
        assert_eq!(a, layout(&nodes, &edges));
        // Reversed input: the same box for each key.
        let rev: Vec<Node> = nodes.iter().rev().cloned().collect();
        let redges: Vec<(usize, usize, f64)> =
            edges.iter().map(|&(x, y, w)| (29 - x, 29 - y, w)).collect();
        let b = layout(&rev, &redges);
        for i in 0..30 {
            assert_eq!(a[i], b[29 - i], "node {i}");
        }
        assert!(!has_overlap(&a));
    }

    #[test]
    fn crowded_nodes_never_overlap() {
        let nodes: Vec<Node> = (0..60)
            .map(|i| Node {
                width: 200.0,
                ..node(&format!("n{i}"), 0)
            })
            .collect();
        let edges: Vec<(usize, usize, f64)> = (1..60).map(|i| (0, i, 3.0)).collect();
        assert!(!has_overlap(&layout(&nodes, &edges)));
    }
}
