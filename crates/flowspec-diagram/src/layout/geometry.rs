//! Boxes, routes and the numbers an SVG path is written with: plain
//! geometry that knows nothing of the layout engine.

/// An axis-aligned box: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x && x < self.right() && y > self.y && y < self.bottom()
    }

    pub(super) fn translate(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
    }

    pub(super) fn transposed(&self) -> Rect {
        Rect {
            x: self.y,
            y: self.x,
            w: self.h,
            h: self.w,
        }
    }
}

/// A route: a start point and straight or cubic segments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Path {
    pub start: (f64, f64),
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Line((f64, f64)),
    Cubic((f64, f64), (f64, f64), (f64, f64)),
}

impl Segment {
    fn end(&self) -> (f64, f64) {
        match *self {
            Segment::Line(p) | Segment::Cubic(_, _, p) => p,
        }
    }
}

impl Path {
    pub(super) fn new(start: (f64, f64)) -> Path {
        Path {
            start,
            segments: Vec::new(),
        }
    }

    pub fn end(&self) -> (f64, f64) {
        self.segments.last().map_or(self.start, Segment::end)
    }

    pub(super) fn line_to(&mut self, p: (f64, f64)) {
        if self.end() != p {
            self.segments.push(Segment::Line(p));
        }
    }

    /// A curve that leaves and arrives horizontally.
    pub(super) fn curve_to(&mut self, p: (f64, f64)) {
        let from = self.end();
        if (from.1 - p.1).abs() < 0.5 {
            self.line_to(p);
            return;
        }
        let dx = (p.0 - from.0) / 2.0;
        self.segments
            .push(Segment::Cubic((from.0 + dx, from.1), (p.0 - dx, p.1), p));
    }

    /// The same route, travelled the other way.
    pub(super) fn reversed(&self) -> Path {
        let mut points = vec![self.start];
        points.extend(self.segments.iter().map(Segment::end));
        let mut out = Path::new(self.end());
        for (i, segment) in self.segments.iter().enumerate().rev() {
            let to = points[i];
            out.segments.push(match *segment {
                Segment::Line(_) => Segment::Line(to),
                Segment::Cubic(c1, c2, _) => Segment::Cubic(c2, c1, to),
            });
        }
        out
    }

    pub(super) fn transpose(&mut self) {
        self.map(|p| *p = (p.1, p.0));
    }

    pub(super) fn translate(&mut self, dx: f64, dy: f64) {
        self.map(|p| {
            p.0 += dx;
            p.1 += dy;
        });
    }

    fn map(&mut self, m: impl Fn(&mut (f64, f64))) {
        m(&mut self.start);
        for s in &mut self.segments {
            match s {
                Segment::Line(p) => m(p),
                Segment::Cubic(a, b, p) => {
                    m(a);
                    m(b);
                    m(p);
                }
            }
        }
    }

    /// The SVG path data, rounded to a tenth of a pixel.
    pub fn to_svg(&self) -> String {
        let mut d = format!("M{} {}", num(self.start.0), num(self.start.1));
        for s in &self.segments {
            match *s {
                Segment::Line((x, y)) => d.push_str(&format!(" L{} {}", num(x), num(y))),
                Segment::Cubic(a, b, p) => d.push_str(&format!(
                    " C{} {} {} {} {} {}",
                    num(a.0),
                    num(a.1),
                    num(b.0),
                    num(b.1),
                    num(p.0),
                    num(p.1)
                )),
            }
        }
        d
    }

    /// Points along the route, `per_segment` for each curve: to check where
    /// it goes.
    pub fn sample(&self, per_segment: usize) -> Vec<(f64, f64)> {
        let mut out = vec![self.start];
        let mut from = self.start;
        for s in &self.segments {
            match *s {
                Segment::Line(p) => {
                    for i in 1..=per_segment {
                        let t = i as f64 / per_segment as f64;
                        out.push((from.0 + (p.0 - from.0) * t, from.1 + (p.1 - from.1) * t));
                    }
                }
                Segment::Cubic(a, b, p) => {
                    for i in 1..=per_segment {
                        let t = i as f64 / per_segment as f64;
                        let u = 1.0 - t;
                        let f = |p0: f64, p1: f64, p2: f64, p3: f64| {
                            u * u * u * p0
                                + 3.0 * u * u * t * p1
                                + 3.0 * u * t * t * p2
                                + t * t * t * p3
                        };
                        out.push((f(from.0, a.0, b.0, p.0), f(from.1, a.1, b.1, p.1)));
                    }
                }
            }
            from = s.end();
        }
        out
    }
}

/// A route along horizontal and vertical lines through the points, with
/// rounded corners.
pub(super) fn orthogonal(points: &[(f64, f64)]) -> Path {
    const RADIUS: f64 = 6.0;
    let mut path = Path::new(points[0]);
    for i in 1..points.len() {
        let (p, c) = (points[i - 1], points[i]);
        let Some(&n) = points.get(i + 1) else {
            path.line_to(c);
            break;
        };
        let toward = |from: (f64, f64), to: (f64, f64), by: f64| {
            let len = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
            if len == 0.0 {
                return from;
            }
            let t = (by / len).min(0.5);
            (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
        };
        let a = toward(c, p, RADIUS);
        let b = toward(c, n, RADIUS);
        path.line_to(a);
        path.segments.push(Segment::Cubic(c, c, b));
    }
    path
}

/// A number for SVG: at most one decimal, no `-0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_paths_run_backwards() {
        let mut p = Path::new((0.0, 0.0));
        p.line_to((10.0, 0.0));
        p.curve_to((20.0, 10.0));
        let r = p.reversed();
        assert_eq!(r.start, (20.0, 10.0));
        assert_eq!(r.end(), (0.0, 0.0));
        assert_eq!(r.reversed(), p);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.26), "1.3");
        assert_eq!(num(-0.01), "0");
    }
}
