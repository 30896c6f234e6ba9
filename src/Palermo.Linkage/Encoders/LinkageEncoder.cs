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
    private const int IndicesPerDigest = Blake2b.DigestBytes / 2;

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
        Span<byte> message = stackalloc byte[512];
        Span<byte> digest = stackalloc byte[Blake2b.DigestBytes];
        for (int f = 0; f < values.Count; f++)
        {
            tokens.Clear();
            FieldSchema field = _schema.Fields[f];
            Tokenizer.Tokenize(field, values[f], tokens);
            if (tokens.Count == 0)
            {
                continue;
            }

            // Bits per feature: the field's budget is shared by its tokens, so a long name sets no more bits.
            int k = Math.Max(1, (field.BitsPerFeature + tokens.Count - 1) / tokens.Count);
            for (int t = 0; t < tokens.Count; t++)
            {
                SetTokenBits(_fieldHash[f], tokens[t], salt, k, filter, message, digest);
            }
        }

        Finish(filter, output);
    }

    private void SetTokenBits(Blake2b hash, ReadOnlySpan<byte> token, byte[]? salt, int k, Span<byte> filter, Span<byte> message, Span<byte> digest)
    {
        if (token.Length + (salt?.Length ?? 0) + 2 > message.Length)
        {
            throw new LinkageException("A field value is too long to encode.");
        }

        token.CopyTo(message);
        int length = token.Length;
        if (salt is not null)
        {
            // The salt follows a separator byte that no token contains.
            message[length++] = 0x1f;
            salt.CopyTo(message[length..]);
            length += salt.Length;
        }

        for (int round = 0, set = 0; set < k; round++)
        {
            // Round 0 hashes the token; further rounds append a round byte for more independent positions.
            int messageLength = length;
            if (round > 0)
            {
                message[length] = (byte)round;
                messageLength++;
            }

            hash.Hash(message[..messageLength], digest);
            for (int j = 0; j < IndicesPerDigest && set < k; j++, set++)
            {
                int index = BinaryPrimitives.ReadUInt16LittleEndian(digest[(j * 2)..]) % _baseBits;
                BitOrder.Set(filter, index);
            }
        }
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
