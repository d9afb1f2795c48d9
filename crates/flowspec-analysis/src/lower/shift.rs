//! Moving what was lowered of an item to where its text now stands: an
//! edit elsewhere in the file moved the item, unchanged, by some bytes.
//!
//! Every struct is taken apart field by field (no `..`), so a field added
//! to the model later does not compile until it is said here whether it
//! holds a position. The property test `edits_lowered_again_equal_a_fresh_
//! lowering` checks the result against lowering afresh.

use flowspec_syntax::{Shift, Span};

use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::discovery::{FlowDiscovery, Identifier, ToolDiscovery};
use crate::model::{Answer, AnswerState, Answers, DeclInfo, FlowInfo, Transform, TransformStep};
use crate::records::{
    CodeMap, CodePair, Conversion, FieldInfo, KeptField, KeptRecord, MappingLine, MappingSource,
    RecordInfo, RecordMove, SampleField, SampleRecord,
};

/// A model type that may hold byte positions.
pub(crate) trait Moved {
    fn moved(&mut self, delta: i64);
}

impl Moved for Span {
    fn moved(&mut self, delta: i64) {
        self.shift(delta);
    }
}

impl Moved for flowspec_syntax::ast::Name {
    fn moved(&mut self, delta: i64) {
        self.shift(delta);
    }
}

impl<T: Moved> Moved for Option<T> {
    fn moved(&mut self, delta: i64) {
        if let Some(x) = self {
            x.moved(delta);
        }
    }
}

impl<T: Moved> Moved for Vec<T> {
    fn moved(&mut self, delta: i64) {
        for x in self {
            x.moved(delta);
        }
    }
}

/// Values that hold no position: what they say does not move.
macro_rules! no_positions {
    ($($t:ty),* $(,)?) => {
        $(impl Moved for $t {
            fn moved(&mut self, _: i64) {}
        })*
    };
}

no_positions!(
    String,
    crate::values::Timing,
    crate::values::Frequency,
    crate::values::Volume,
    crate::discovery::Notify,
    crate::discovery::Direction,
    crate::discovery::Limits,
    crate::discovery::Noted<crate::discovery::AuthMethod>,
    crate::discovery::Noted<crate::discovery::Hosting>,
    crate::discovery::Noted<crate::discovery::Sandbox>,
);

impl<T: Moved> Moved for Answer<T> {
    fn moved(&mut self, delta: i64) {
        let Answer {
            state,
            span,
            shorthand: _,
        } = self;
        if let AnswerState::Known(value) = state {
            value.moved(delta);
        }
        span.moved(delta);
    }
}

impl Moved for Answers {
    fn moved(&mut self, delta: i64) {
        let Answers {
            data,
            transform,
            timing,
            frequency,
            volume,
        } = self;
        data.moved(delta);
        transform.moved(delta);
        timing.moved(delta);
        frequency.moved(delta);
        volume.moved(delta);
    }
}

impl Moved for Transform {
    fn moved(&mut self, delta: i64) {
        match self {
            Transform::None | Transform::Text(_) => {}
            Transform::Steps(steps) => steps.moved(delta),
        }
    }
}

impl Moved for TransformStep {
    fn moved(&mut self, delta: i64) {
        let TransformStep {
            field: _,
            span,
            from: _,
            to: _,
        } = self;
        span.moved(delta);
    }
}

impl Moved for DeclInfo {
    fn moved(&mut self, delta: i64) {
        let DeclInfo {
            kind: _,
            name,
            item: _,
            span,
            display_name: _,
            tool_kind: _,
            adaptor: _,
            owner: _,
            url: _,
            notes: _,
            doc: _,
            keeps,
            discovery,
            samples,
        } = self;
        name.moved(delta);
        span.moved(delta);
        keeps.moved(delta);
        discovery.moved(delta);
        samples.moved(delta);
    }
}

impl Moved for FlowInfo {
    fn moved(&mut self, delta: i64) {
        let FlowInfo {
            item: _,
            name,
            display_name: _,
            steps,
            header,
            span,
            answers,
            status: _,
            owner: _,
            notes: _,
            doc: _,
            records,
            data_has_text: _,
            mapping,
            discovery,
        } = self;
        name.moved(delta);
        steps.moved(delta);
        header.moved(delta);
        span.moved(delta);
        answers.moved(delta);
        records.moved(delta);
        mapping.moved(delta);
        discovery.moved(delta);
    }
}

impl Moved for RecordInfo {
    fn moved(&mut self, delta: i64) {
        let RecordInfo {
            name,
            item: _,
            span,
            display_name: _,
            doc: _,
            fields,
        } = self;
        name.moved(delta);
        span.moved(delta);
        fields.moved(delta);
    }
}

impl Moved for FieldInfo {
    fn moved(&mut self, delta: i64) {
        let FieldInfo {
            name,
            span,
            ty,
            ty_span,
            format: _,
            identifier: _,
            required: _,
            personal: _,
            doc: _,
        } = self;
        name.moved(delta);
        span.moved(delta);
        if let crate::records::FieldType::Record(target) = ty {
            target.moved(delta);
        }
        ty_span.moved(delta);
    }
}

impl Moved for KeptRecord {
    fn moved(&mut self, delta: i64) {
        let KeptRecord {
            record,
            owns: _,
            verb,
            span,
            fields,
        } = self;
        record.moved(delta);
        verb.moved(delta);
        span.moved(delta);
        fields.moved(delta);
    }
}

impl Moved for KeptField {
    fn moved(&mut self, delta: i64) {
        let KeptField {
            name,
            span,
            native: _,
            format: _,
            codes: _,
            absent: _,
        } = self;
        name.moved(delta);
        span.moved(delta);
    }
}

impl Moved for SampleRecord {
    fn moved(&mut self, delta: i64) {
        let SampleRecord {
            record,
            verb,
            span,
            values,
        } = self;
        record.moved(delta);
        verb.moved(delta);
        span.moved(delta);
        values.moved(delta);
    }
}

impl Moved for SampleField {
    fn moved(&mut self, delta: i64) {
        let SampleField {
            field,
            span,
            value: _,
            value_span,
        } = self;
        field.moved(delta);
        span.moved(delta);
        value_span.moved(delta);
    }
}

impl Moved for RecordMove {
    fn moved(&mut self, delta: i64) {
        let RecordMove { source, target } = self;
        source.moved(delta);
        target.moved(delta);
    }
}

impl Moved for MappingLine {
    fn moved(&mut self, delta: i64) {
        let MappingLine {
            field,
            span,
            value,
            source,
        } = self;
        field.moved(delta);
        span.moved(delta);
        value.moved(delta);
        match source {
            MappingSource::Field {
                from,
                convert,
                codes,
            } => {
                from.moved(delta);
                convert.moved(delta);
                codes.moved(delta);
            }
            MappingSource::Constant { value: _, span } => span.moved(delta),
            MappingSource::Lookup { from, note: _ } => from.moved(delta),
            MappingSource::Aggregate {
                how: _,
                from,
                note: _,
            } => from.moved(delta),
            MappingSource::Rule(_) | MappingSource::Invalid => {}
        }
    }
}

impl Moved for Conversion {
    fn moved(&mut self, delta: i64) {
        let Conversion {
            from: _,
            from_span,
            to: _,
            to_span,
        } = self;
        from_span.moved(delta);
        to_span.moved(delta);
    }
}

impl Moved for CodeMap {
    fn moved(&mut self, delta: i64) {
        let CodeMap { pairs, span } = self;
        pairs.moved(delta);
        span.moved(delta);
    }
}

impl Moved for CodePair {
    fn moved(&mut self, delta: i64) {
        let CodePair {
            from: _,
            to: _,
            span,
            to_span,
        } = self;
        span.moved(delta);
        to_span.moved(delta);
    }
}

impl<T: Moved + crate::model::Unsaid> Moved for crate::model::Rare<T> {
    fn moved(&mut self, delta: i64) {
        if let Some(said) = self.said_mut() {
            said.moved(delta);
        }
    }
}

impl Moved for ToolDiscovery {
    fn moved(&mut self, delta: i64) {
        let ToolDiscovery {
            auth,
            hosting,
            sandbox,
            admin,
            limits,
        } = self;
        auth.moved(delta);
        hosting.moved(delta);
        sandbox.moved(delta);
        admin.moved(delta);
        limits.moved(delta);
    }
}

impl Moved for FlowDiscovery {
    fn moved(&mut self, delta: i64) {
        let FlowDiscovery {
            notify,
            rerun,
            identifier,
            direction,
        } = self;
        notify.moved(delta);
        rerun.moved(delta);
        identifier.moved(delta);
        direction.moved(delta);
    }
}

impl Moved for Identifier {
    fn moved(&mut self, delta: i64) {
        match self {
            Identifier::Field(name) => name.moved(delta),
            Identifier::Text(_) => {}
        }
    }
}

impl Moved for Diagnostic {
    fn moved(&mut self, delta: i64) {
        let Diagnostic {
            code: _,
            severity: _,
            span,
            message: _,
            related,
            fixes,
        } = self;
        span.moved(delta);
        related.moved(delta);
        fixes.moved(delta);
    }
}

impl Moved for Related {
    fn moved(&mut self, delta: i64) {
        // Lowering relates places of the same file only.
        let Related {
            file: _,
            span,
            message: _,
        } = self;
        span.moved(delta);
    }
}

impl Moved for Fix {
    fn moved(&mut self, delta: i64) {
        let Fix { title: _, edits } = self;
        edits.moved(delta);
    }
}

impl Moved for Edit {
    fn moved(&mut self, delta: i64) {
        let Edit { span, new_text: _ } = self;
        span.moved(delta);
    }
}
