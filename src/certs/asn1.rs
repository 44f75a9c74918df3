//! A small, bounded BER reader, for PKCS#12 files as every producer writes them.
//!
//! Bouncy Castle (and any program using it) writes PKCS#12 in BER: indefinite lengths (`30 80 …
//! 00 00`) and OCTET STRINGs split into constructed chunks; the others write DER. [`parse`] reads
//! either into a tree of borrowed slices, and [`Node::octets`] joins a chunked string. The DER
//! writer beside it ([`Node::to_der`], [`primitive_der`]) exists for the tests, which build
//! crafted files with it.
//!
//! Untrusted input: every length is checked against what is left before use, the depth is capped
//! at [`MAX_DEPTH`] and the number of nodes at [`MAX_NODES`], so no input can make it recurse,
//! allocate or loop without bound. Only low tag numbers (< 31) exist in PKCS#12; a high tag number
//! is malformed. Fuzzed by `fuzz/fuzz_targets/p12.rs`.

use super::CertError;

/// Deeper than any PKCS#12 file nests (about 12 levels, counting the nested parses).
pub const MAX_DEPTH: usize = 32;
/// More TLVs than any key file holds (a real one has a few hundred).
pub const MAX_NODES: usize = 20_000;

pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const INTEGER: u8 = 0x02;
pub const OCTET_STRING: u8 = 0x04;
pub const OID: u8 = 0x06;
pub const BMP_STRING: u8 = 0x1E;
/// `[0]`, constructed (explicit tagging, or an implicitly tagged constructed string).
pub const CONTEXT_0: u8 = 0xA0;

/// One TLV: its identifier octet and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<'a> {
    pub tag: u8,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Primitive(&'a [u8]),
    Constructed(Vec<Node<'a>>),
}

/// Parses exactly one BER or DER TLV filling `input` (trailing bytes are malformed).
pub fn parse(input: &[u8]) -> Result<Node<'_>, CertError> {
    let mut nodes = 0;
    let (node, used) = parse_at(input, 0, &mut nodes)?;
    if used != input.len() {
        return Err(CertError::Malformed);
    }
    Ok(node)
}

fn parse_at<'a>(
    input: &'a [u8],
    depth: usize,
    nodes: &mut usize,
) -> Result<(Node<'a>, usize), CertError> {
    *nodes += 1;
    if *nodes > MAX_NODES {
        // Well formed, perhaps, but more than any key file: part of the work budget.
        return Err(CertError::TooCostly);
    }
    if depth > MAX_DEPTH {
        return Err(CertError::Malformed);
    }
    let (&tag, rest) = input.split_first().ok_or(CertError::Malformed)?;
    if tag & 0x1F == 0x1F {
        return Err(CertError::Malformed);
    }
    let constructed = tag & 0x20 != 0;
    let (&first, rest) = rest.split_first().ok_or(CertError::Malformed)?;
    let header = 2;
    if first == 0x80 {
        // Indefinite length: constructed only; children until the end-of-contents `00 00`.
        if !constructed {
            return Err(CertError::Malformed);
        }
        let mut children = Vec::new();
        let mut pos = 0;
        loop {
            let left = rest.get(pos..).ok_or(CertError::Malformed)?;
            if left.starts_with(&[0, 0]) {
                pos += 2;
                break;
            }
            let (child, used) = parse_at(left, depth + 1, nodes)?;
            children.push(child);
            pos += used;
        }
        return Ok((Node { tag, value: Value::Constructed(children) }, header + pos));
    }
    let (len, len_bytes) = if first < 0x80 {
        (usize::from(first), 0)
    } else {
        let count = usize::from(first & 0x7F);
        if count > 4 {
            return Err(CertError::Malformed);
        }
        let bytes = rest.get(..count).ok_or(CertError::Malformed)?;
        let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, count)
    };
    let start = len_bytes;
    let end = start.checked_add(len).ok_or(CertError::Malformed)?;
    let content = rest.get(start..end).ok_or(CertError::Malformed)?;
    let value = if constructed {
        let mut children = Vec::new();
        let mut pos = 0;
        while pos < content.len() {
            let (child, used) = parse_at(&content[pos..], depth + 1, nodes)?;
            children.push(child);
            pos += used;
        }
        Value::Constructed(children)
    } else {
        Value::Primitive(content)
    };
    Ok((Node { tag, value }, header + end))
}

impl<'a> Node<'a> {
    /// The children of a constructed node with this tag.
    pub fn children(&self, tag: u8) -> Result<&[Node<'a>], CertError> {
        match &self.value {
            Value::Constructed(children) if self.tag == tag => Ok(children),
            _ => Err(CertError::Malformed),
        }
    }

    /// The content of a primitive node with this tag.
    pub fn primitive(&self, tag: u8) -> Result<&'a [u8], CertError> {
        match self.value {
            Value::Primitive(bytes) if self.tag == tag => Ok(bytes),
            _ => Err(CertError::Malformed),
        }
    }

    /// The bytes of a string (OCTET STRING, or an implicitly tagged one): the content of a
    /// primitive node, or the concatenated chunks of a constructed one (BER).
    pub fn octets(&self) -> Result<Vec<u8>, CertError> {
        match &self.value {
            Value::Primitive(bytes) => Ok(bytes.to_vec()),
            Value::Constructed(chunks) => {
                let mut out = Vec::new();
                for chunk in chunks {
                    if chunk.tag & 0x1F != OCTET_STRING {
                        return Err(CertError::Malformed);
                    }
                    out.extend_from_slice(&chunk.octets()?);
                }
                Ok(out)
            }
        }
    }

    /// A small non-negative INTEGER (iteration counts, versions, scrypt parameters).
    pub fn uint(&self) -> Result<u64, CertError> {
        let bytes = self.primitive(INTEGER)?;
        let digits = match bytes {
            [] => return Err(CertError::Malformed),
            [first, ..] if first & 0x80 != 0 => return Err(CertError::Malformed),
            [0, rest @ ..] => rest,
            all => all,
        };
        if digits.len() > 8 {
            return Err(CertError::Unsupported("integer too large"));
        }
        Ok(digits.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// The content octets of an OBJECT IDENTIFIER, compared as bytes against the constants below.
    pub fn oid(&self) -> Result<&'a [u8], CertError> {
        self.primitive(OID)
    }

    /// DER: definite lengths, minimal length octets. Constructed strings stay constructed: call
    /// [`Node::octets`] and [`primitive`] where DER wants them whole.
    #[cfg(test)]
    pub fn to_der(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_der(&mut out);
        out
    }

    #[cfg(test)]
    fn write_der(&self, out: &mut Vec<u8>) {
        match &self.value {
            Value::Primitive(bytes) => tlv(self.tag, bytes, out),
            Value::Constructed(children) => {
                let mut content = Vec::new();
                for child in children {
                    child.write_der(&mut content);
                }
                tlv(self.tag, &content, out);
            }
        }
    }
}

/// Writes one DER TLV.
#[cfg(test)]
pub fn tlv(tag: u8, content: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

/// A primitive node over owned bytes is not possible with borrowed slices; callers that need a
/// whole string build its DER directly.
#[cfg(test)]
pub fn primitive_der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    tlv(tag, content, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_reads_back_as_itself() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x03, 0x04, 0x01, 0xAA];
        assert_eq!(parse(&der).unwrap().to_der(), der);
    }

    #[test]
    fn indefinite_lengths_become_definite() {
        let ber = [0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(
            parse(&ber).unwrap().to_der(),
            [0x30, 0x07, 0x02, 0x01, 0x03, 0x30, 0x02, 0x05, 0x00]
        );
    }

    #[test]
    fn constructed_octet_strings_concatenate() {
        let ber = [0x24, 0x80, 0x04, 0x02, 1, 2, 0x24, 0x03, 0x04, 0x01, 3, 0x00, 0x00];
        assert_eq!(parse(&ber).unwrap().octets().unwrap(), [1, 2, 3]);
    }

    #[test]
    fn long_lengths_are_minimal_in_der() {
        let content = vec![7u8; 300];
        let der = primitive_der(OCTET_STRING, &content);
        assert_eq!(&der[..4], &[0x04, 0x82, 0x01, 0x2C]);
        // A non-minimal BER length reads, and writes back minimal.
        let mut ber = vec![0x04, 0x84, 0, 0, 0x01, 0x2C];
        ber.extend_from_slice(&content);
        assert_eq!(parse(&ber).unwrap().to_der(), der);
    }

    #[test]
    fn lies_and_bombs_are_malformed_not_panics() {
        let deep: Vec<u8> = std::iter::repeat_n([0x30, 0x80], MAX_DEPTH + 2).flatten().collect();
        assert_eq!(parse(&deep), Err(CertError::Malformed));
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &[0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF],
            &[0x04, 0x80, 0x00, 0x00],
            &[0x30, 0x80, 0x02, 0x01, 0x03],
            &[0x1F, 0x01, 0x00],
            &[0x30, 0x00, 0xFF],
        ] {
            assert_eq!(parse(bad), Err(CertError::Malformed), "{bad:02X?}");
        }
        let many: Vec<u8> = [vec![0x30, 0x80], [0x05, 0x00].repeat(MAX_NODES), vec![0, 0]].concat();
        assert_eq!(parse(&many), Err(CertError::TooCostly));
    }
}
