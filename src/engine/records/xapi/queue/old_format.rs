//! Reading the queue as earlier versions wrote it, one JSON document
//! (`"calmline_xapi_queue": 1`), one statement at a time: its pieces are handed over as they
//! are read, to be written in the current format or kept in memory.

use super::file::{IDS_PER_LINE, LoadError};
use crate::engine::records::xapi::id_of;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader};
use uuid::Uuid;

/// What the earlier format holds, one piece at a time.
pub(super) enum OldItem {
    Accepted(String, Vec<Uuid>),
    Statement(String, Value),
}

/// Reads a queue in the earlier format (`{"calmline_xapi_queue": 1, "endpoints": {LRS:
/// {"accepted": [id…], "pending": [statement…]}}}`) and hands over its pieces, holding
/// one statement at a time.
pub(super) struct OldQueue<F> {
    sink: F,
    format: Option<u32>,
    /// A failure of the sink (writing), told apart from a damaged file.
    written: Option<LoadError>,
}

impl<F: FnMut(OldItem) -> io::Result<()>> OldQueue<F> {
    pub(super) fn new(sink: F) -> OldQueue<F> {
        OldQueue { sink, format: None, written: None }
    }

    fn give(&mut self, item: OldItem) -> Result<(), String> {
        (self.sink)(item).map_err(|e| {
            let message = e.to_string();
            self.written = Some(LoadError::Write(e));
            message
        })
    }

    pub(super) fn read(&mut self, reader: BufReader<File>) -> Result<(), LoadError> {
        let mut de = serde_json::Deserializer::from_reader(reader);
        let parsed = OldTop(self).deserialize(&mut de).and_then(|()| de.end());
        if let Some(e) = self.written.take() {
            return Err(e);
        }
        match parsed {
            Err(e) if e.is_io() => Err(LoadError::Io(io::Error::other(e))),
            Err(e) => Err(LoadError::Damaged(e.to_string())),
            Ok(()) => match self.format {
                Some(n) if n >= 1 => Ok(()),
                Some(n) => Err(LoadError::Damaged(format!("unknown queue format {n}"))),
                None => Err(LoadError::Damaged("missing field `calmline_xapi_queue`".into())),
            },
        }
    }
}

struct OldTop<'a, F>(&'a mut OldQueue<F>);

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldTop<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldTop<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an xAPI queue")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut endpoints = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "calmline_xapi_queue" => self.0.format = Some(map.next_value()?),
                "endpoints" => {
                    map.next_value_seed(OldEndpoints(&mut *self.0))?;
                    endpoints = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !endpoints {
            return Err(de::Error::missing_field("endpoints"));
        }
        Ok(())
    }
}

struct OldEndpoints<'a, F>(&'a mut OldQueue<F>);

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldEndpoints<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldEndpoints<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the queues by LRS")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(OldEndpoint { old: &mut *self.0, key })?;
        }
        Ok(())
    }
}

struct OldEndpoint<'a, F> {
    old: &'a mut OldQueue<F>,
    key: String,
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldEndpoint<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldEndpoint<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the queue of an LRS")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "accepted" => map.next_value_seed(OldList { old: &mut *self.old, key: &self.key, accepted: true })?,
                "pending" => map.next_value_seed(OldList { old: &mut *self.old, key: &self.key, accepted: false })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The accepted ids (handed over a thousand at a time) or the pending statements (one
/// at a time) of an LRS.
struct OldList<'a, F> {
    old: &'a mut OldQueue<F>,
    key: &'a str,
    accepted: bool,
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> DeserializeSeed<'de> for OldList<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(OldItem) -> io::Result<()>> Visitor<'de> for OldList<'_, F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.accepted { "a list of statement ids" } else { "a list of statements" })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.accepted {
            let mut ids = Vec::with_capacity(IDS_PER_LINE);
            while let Some(id) = seq.next_element::<Uuid>()? {
                ids.push(id);
                if ids.len() == IDS_PER_LINE {
                    let full = std::mem::replace(&mut ids, Vec::with_capacity(IDS_PER_LINE));
                    self.old.give(OldItem::Accepted(self.key.to_string(), full)).map_err(de::Error::custom)?;
                }
            }
            if !ids.is_empty() {
                self.old.give(OldItem::Accepted(self.key.to_string(), ids)).map_err(de::Error::custom)?;
            }
        } else {
            while let Some(st) = seq.next_element::<Value>()? {
                // A statement without an id could never be sent: the earlier versions
                // dropped those too.
                if id_of(&st).is_some() {
                    self.old.give(OldItem::Statement(self.key.to_string(), st)).map_err(de::Error::custom)?;
                }
            }
        }
        Ok(())
    }
}
