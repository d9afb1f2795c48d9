//! A flow's mapping as the code of its transform job: one `fn(state => …)`
//! operation (`@openfn/language-common`'s) that maps each record of
//! `state.data` (an array of records, or one record) from the source tool's
//! shape into the target tool's, field by field.
//!
//! What the job returns: `state.data` mapped (an array for an array, one
//! record for one), and `state.mapping`: `problems` (each value it could
//! not convert: a date not in its format, a code the mapping does not
//! list, with the record's index and the field; that field is left
//! undefined) and `toImplement` (the target fields whose rule a person
//! must write; each is left undefined, under a `// TO IMPLEMENT` line).

use flowspec_analysis::records::SampleValue;
use flowspec_analysis::records::plan::{Constant, FieldPlan, MappingPlan, Rule};

use super::js::{array, number, string};
use super::text::clean_line;

/// The helpers the code may call, each with the words that use it.
const HELPERS: [(&str, &str); 4] = [
    (
        "get(",
        r#"  const own = (object, key) =>
    object !== null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key);
  const get = (record, path) => path.reduce((value, key) => (own(value, key) ? value[key] : undefined), record);
"#,
    ),
    (
        "put(",
        r#"  const put = (record, path, value) => {
    const define = (object, key, v) =>
      Object.defineProperty(object, key, { value: v, writable: true, enumerable: true, configurable: true });
    let at = record;
    for (const key of path.slice(0, -1)) {
      if (!own(at, key) || at[key] === null || typeof at[key] !== 'object') define(at, key, {});
      at = at[key];
    }
    define(at, path[path.length - 1], value);
  };
"#,
    ),
    (
        "date(",
        r#"  // A date read in one format and written in another: `read` and `write`
  // are a pattern's pieces (YYYY YY MM M DD D HH mm ss, or a separator), or
  // 'dhis2-period' (read: 2024, 202412 or 20241231; written: the month,
  // 202412).
  const WIDTHS = { YYYY: [4, 4], YY: [2, 2], MM: [2, 2], M: [1, 2], DD: [2, 2], D: [1, 2], HH: [2, 2], mm: [2, 2], ss: [2, 2] };
  const SLOTS = { YYYY: 'year', YY: 'year', MM: 'month', M: 'month', DD: 'day', D: 'day', HH: 'hour', mm: 'minute', ss: 'second' };
  const readDate = (text, read) => {
    const v = { month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    if (read === 'dhis2-period') {
      const m = /^(\d{4})(\d{2})?(\d{2})?$/.exec(text);
      if (!m) return null;
      Object.assign(v, { year: Number(m[1]), month: Number(m[2] ?? 1), day: Number(m[3] ?? 1) });
    } else {
      let at = 0;
      for (const piece of read) {
        const width = WIDTHS[piece];
        if (!width) {
          if (text[at] !== piece) return null;
          at += 1;
          continue;
        }
        const digits = new RegExp(`^\\d{${width[0]},${width[1]}}`).exec(text.slice(at));
        if (!digits) return null;
        at += digits[0].length;
        let n = Number(digits[0]);
        if (piece === 'YY') n += n <= new Date().getUTCFullYear() % 100 ? 2000 : 1900;
        v[SLOTS[piece]] = n;
      }
      if (at !== text.length || v.year === undefined) return null;
    }
    const d = new Date(Date.UTC(v.year, v.month - 1, v.day));
    const real = d.getUTCFullYear() === v.year && d.getUTCMonth() === v.month - 1 && d.getUTCDate() === v.day;
    return real && v.hour < 24 && v.minute < 60 && v.second < 60 ? v : null;
  };
  const pad = (n, width) => String(n).padStart(width, '0');
  const writeDate = (v, write) => {
    if (write === 'dhis2-period') return pad(v.year, 4) + pad(v.month, 2);
    const text = {
      YYYY: pad(v.year, 4), YY: pad(v.year % 100, 2), MM: pad(v.month, 2), M: String(v.month),
      DD: pad(v.day, 2), D: String(v.day), HH: pad(v.hour, 2), mm: pad(v.minute, 2), ss: pad(v.second, 2),
    };
    return write.map((piece) => (WIDTHS[piece] ? text[piece] : piece)).join('');
  };
  const date = (value, read, write, field, index) => {
    if (value === undefined || value === null || value === '') return value;
    const v = readDate(String(value), read);
    if (v) return writeDate(v, write);
    const format = read === 'dhis2-period' ? read : read.join('');
    problems.push({ record: index, field, value, problem: `not a date in the format ${format}` });
    return undefined;
  };
"#,
    ),
    (
        "code(",
        r#"  // A code through the mapping's list; a code it does not list is reported.
  const code = (value, codes, field, index) => {
    if (value === undefined || value === null || value === '') return value;
    if (codes.has(String(value))) return codes.get(String(value));
    problems.push({ record: index, field, value, problem: 'a code the mapping does not list' });
    return undefined;
  };
"#,
    ),
];

/// The comment lines that introduce the code, and the code (ending with a
/// newline). `source` is the text of the flow's file (for each line as the
/// design writes it).
pub(super) fn job(plan: &MappingPlan, source: &str) -> (Vec<String>, String) {
    let mut intro = vec![format!(
        "The code below performs the mapping: each `{}` record of `state.data` (an array of records, or one) as `{}` keeps it becomes a `{}` record as `{}` keeps it. Values it cannot convert are left undefined and listed in `state.mapping.problems`.",
        plan.source_record, plan.source_tool, plan.target_record, plan.target_tool
    )];
    if plan.aggregates {
        intro.push("The mapping aggregates many records into one: the code maps each record's own fields; the grouping is to implement.".to_string());
    }
    let todo: Vec<&FieldPlan> = plan.to_implement().collect();
    if !todo.is_empty() {
        intro.push(String::new());
        intro.push(
            "To implement by hand (each is left undefined, under a `TO IMPLEMENT` line):"
                .to_string(),
        );
        for f in &todo {
            if let Rule::ToImplement { kind, text, .. } = &f.rule {
                intro.push(format!("  {} ({kind}): {}", f.field, clean_line(text)));
            }
        }
    }

    let mut lines = Vec::new();
    for f in &plan.fields {
        lines.push(format!("    // {}", comment(f, source)));
        let to = array(&f.path);
        let value = match &f.rule {
            Rule::Copy { path, .. } => format!("get(source, {})", array(path)),
            Rule::Date {
                from,
                path,
                read,
                write,
            } => format!(
                "date(get(source, {}), {}, {}, {}, index)",
                array(path),
                date_format(read),
                date_format(write),
                string(from)
            ),
            Rule::Codes { from, path, pairs } => {
                let pairs: Vec<String> = pairs
                    .iter()
                    .map(|(a, b)| format!("[{}, {}]", string(a), string(b)))
                    .collect();
                format!(
                    "code(get(source, {}), new Map([{}]), {}, index)",
                    array(path),
                    pairs.join(", "),
                    string(from)
                )
            }
            Rule::Constant(Constant::Text(t)) => string(t),
            Rule::Constant(Constant::Number(n)) => number(*n),
            Rule::Constant(Constant::Boolean(b)) => b.to_string(),
            Rule::ToImplement { from, .. } => {
                if let Some((name, path)) = from {
                    lines.push(format!(
                        "    // It reads `{}`: get(source, {})",
                        clean_line(name),
                        array(path)
                    ));
                }
                "undefined".to_string()
            }
        };
        lines.push(format!("    put(target, {to}, {value});"));
    }
    let body = lines.join("\n");
    let todo_names: Vec<&str> = todo.iter().map(|f| f.field.as_str()).collect();
    let mut code = String::from("fn(state => {\n  const problems = [];\n");
    for (word, helper) in HELPERS {
        let used = match word {
            "get(" => true,
            "put(" => !plan.fields.is_empty(),
            _ => body.contains(word),
        };
        if used {
            code.push_str(helper);
        }
    }
    code.push_str("  const map = (source, index) => {\n    const target = {};\n");
    if !body.is_empty() {
        code.push_str(&body);
        code.push('\n');
    }
    code.push_str("    return target;\n  };\n");
    code.push_str("  const many = Array.isArray(state.data);\n");
    code.push_str("  const data = many ? state.data.map(map) : map(state.data ?? {}, 0);\n");
    code.push_str(&format!(
        "  return {{ ...state, data, mapping: {{ problems, toImplement: {} }} }};\n}});\n",
        array(&todo_names)
    ));
    (intro, code)
}

/// What a field's line says, for the comment above its code.
fn comment(f: &FieldPlan, source: &str) -> String {
    let written = f
        .line
        .and_then(|span| source.get(span.range()))
        .map(|t| clean_line(&t.split_whitespace().collect::<Vec<_>>().join(" ")));
    let said = match &f.rule {
        Rule::Copy {
            from, unconverted, ..
        } => {
            let how = match written {
                Some(w) => w,
                None => format!("{}: from `{from}`, the field of the same name", f.field),
            };
            match unconverted {
                Some((a, b)) => format!(
                    "{how}; as it is, though the tools keep it as {a} and {b} (nothing converts it)"
                ),
                None => how,
            }
        }
        Rule::ToImplement { kind, text, .. } => {
            let what = written.unwrap_or_else(|| format!("{}: {}", f.field, text));
            return format!("TO IMPLEMENT ({kind}): {}", clean_line(&what));
        }
        _ => written.unwrap_or_else(|| f.field.clone()),
    };
    clean_line(&said)
}

fn date_format(format: &flowspec_analysis::records::Format) -> String {
    match format.tokens() {
        Some(tokens) => array(&tokens),
        None => string("dhis2-period"),
    }
}

/// The samples as JSON: `{ "data": [ … ] }`, each record in the source
/// tool's shape (its field names, nested at dots), two-space indented.
pub(super) fn samples_state(plan: &MappingPlan) -> Option<String> {
    if plan.samples.is_empty() {
        return None;
    }
    let records: Vec<serde_json::Value> = plan
        .samples
        .iter()
        .map(|values| {
            let mut record = serde_json::Map::new();
            for (path, value) in values {
                insert(&mut record, path, json(value));
            }
            serde_json::Value::Object(record)
        })
        .collect();
    let state = serde_json::json!({ "data": records });
    serde_json::to_string_pretty(&state).ok().map(|mut s| {
        s.push('\n');
        s
    })
}

fn insert(
    record: &mut serde_json::Map<String, serde_json::Value>,
    path: &[String],
    value: serde_json::Value,
) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = record;
    for key in parents {
        let entry = at
            .entry(key.clone())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if !entry.is_object() {
            *entry = serde_json::Value::Object(serde_json::Map::new());
        }
        let serde_json::Value::Object(next) = entry else {
            return;
        };
        at = next;
    }
    at.insert(last.clone(), value);
}

fn json(value: &SampleValue) -> serde_json::Value {
    match value {
        SampleValue::Text(t) => serde_json::Value::String(t.clone()),
        // A whole number as an integer (`2`, not `2.0`).
        SampleValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
            serde_json::Value::from(*n as i64)
        }
        SampleValue::Number(n) => serde_json::Number::from_f64(*n)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        SampleValue::Boolean(b) => serde_json::Value::Bool(*b),
        SampleValue::Null => serde_json::Value::Null,
    }
}
