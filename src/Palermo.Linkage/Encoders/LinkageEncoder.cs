using System.Buffers.Binary;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Crypto;
using Palermo.Linkage.Schema;

namespace Palermo.Linkage.Encoders;

/// <summary>
/// Encodes records into Bloom-filter encodings (CLKs). Every token sets k bits chosen by keyed BLAKE2b of the
/// token with its field's own key (random hashing: each position drawn independently from the digest, never
/// double hashing, which the Kroll–Steinmetzer attack exploits). Thread-safe: one instance serves all threads.
/// </summary>
public sealed class LinkageEncoder
{
    [ThreadStatic]
    private static TokenBuffer? t_tokens;

    private readonly LinkageSchema _schema;
    private readonly Blake2b[] _fieldHash;
    private readonly int _baseBits;
    private readonly int[]? _permutation;
    private readonly int _saltField = -1;
    private readonly int[] _personColumn;

    public LinkageEncoder(LinkageSchema schema, ReadOnlySpan<byte> secret)
    {
        schema.Validate();
        _schema = schema;
        Fingerprint = SchemaJson.Fingerprint(schema);
        _fieldHash = new Blake2b[schema.Fields.Count];
        for (int i = 0; i < schema.Fields.Count; i++)
        {
            FieldSchema f = schema.Fields[i];
            _fieldHash[i] = new Blake2b(KeySchedule.FieldKey(secret, f.KeyGroup ?? f.Name));
            if (f.Name == schema.Hardening.SaltField)
            {
                _saltField = i;
            }
        }

        _personColumn = schema.Fields.Select(f => DefaultSchema.Columns.ToList().IndexOf(f.Name)).ToArray();
        HardeningOptions h = schema.Hardening;
        _baseBits = h.Balance ? schema.FilterBits / 2 : h.XorFold ? schema.FilterBits * 2 : schema.FilterBits;
        if (h.Balance)
        {
            _permutation = KeyedPermutation.Create(KeySchedule.PermutationKey(secret), schema.FilterBits);
        }
    }

    public LinkageSchema Schema => _schema;

    public int FilterBits => _schema.FilterBits;

    public int FilterBytes => _schema.FilterBits / 8;

    /// <summary>The schema fingerprint to embed in interchange files.</summary>
    public string Fingerprint { get; }

    /// <summary>Encodes one record whose values are in schema field order (null or empty = missing).</summary>
    public byte[] Encode(IReadOnlyList<string?> values)
    {
        byte[] output = new byte[FilterBytes];
        Encode(values, output);
        return output;
    }

    /// <summary>Encodes one person with the default columns; fields the schema lacks are ignored.</summary>
    public byte[] EncodePerson(string? givenName, string? familyName, string? dateOfBirth, string? sex, string? citizenship)
    {
        string?[] byColumn = [givenName, familyName, dateOfBirth, sex, citizenship];
        string?[] values = new string?[_schema.Fields.Count];
        for (int i = 0; i < values.Length; i++)
        {
            int column = _personColumn[i];
            values[i] = column >= 0 ? byColumn[column] : null;
        }

        return Encode(values);
    }

    public void Encode(IReadOnlyList<string?> values, Span<byte> output)
    {
        if (values.Count != _schema.Fields.Count)
        {
            throw new ArgumentException($"Expected {_schema.Fields.Count} values.", nameof(values));
        }

        if (output.Length != FilterBytes)
        {
            throw new ArgumentException($"Expected an output of {FilterBytes} bytes.", nameof(output));
        }

        Span<byte> filter = stackalloc byte[BitOrder.ByteLength(_baseBits)];
        filter.Clear();
        string? saltText = _saltField >= 0 ? values[_saltField]?.Trim().ToLowerInvariant() : null;
        byte[]? salt = string.IsNullOrEmpty(saltText) ? null : System.Text.Encoding.UTF8.GetBytes(saltText);
        TokenBuffer tokens = t_tokens ??= new TokenBuffer();
        tokens.Clear();
        for (int f = 0; f < values.Count; f++)
        {
            int before = tokens.Count;
            FieldSchema field = _schema.Fields[f];
            Tokenizer.Tokenize(field, values[f], tokens);
            int count = tokens.Count - before;
            if (count > 0)
            {
                // Bits per feature: the field's budget is shared by its tokens, so a long name sets no more bits.
                tokens.Tag(before, tokens.Count, f, Math.Max(1, (field.BitsPerFeature + count - 1) / count));
            }
        }

        if (TokenHasher.IsVectorised)
        {
            TokenHasher.HashVectorised(tokens, _fieldHash, salt, _baseBits, filter);
        }
        else
        {
            TokenHasher.HashOneAtATime(tokens, 0, tokens.Count, _fieldHash, salt, _baseBits, filter);
        }

        Finish(filter, output);
    }

    private void Finish(ReadOnlySpan<byte> filter, Span<byte> output)
    {
        output.Clear();
        int bits = _schema.FilterBits;
        if (_schema.Hardening.Balance)
        {
            for (int i = 0; i < _baseBits; i++)
            {
                bool bit = BitOrder.Get(filter, i);
                BitOrder.Set(output, _permutation![bit ? i : i + _baseBits]);
            }
        }
        else if (_schema.Hardening.XorFold)
        {
            for (int i = 0; i < bits; i++)
            {
                if (BitOrder.Get(filter, i) ^ BitOrder.Get(filter, i + bits))
                {
                    BitOrder.Set(output, i);
                }
            }
        }
        else
        {
            filter.CopyTo(output);
        }
    }
}
