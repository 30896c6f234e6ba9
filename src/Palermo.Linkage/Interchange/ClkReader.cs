using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Interchange;

/// <summary>A clkhash interchange file as read: the filters and the schema fingerprint if the writer put one.</summary>
/// <remarks>When read in batches, <see cref="Filters"/> holds only the last batch and <see cref="Count"/> the total.</remarks>
public sealed record ClkData(FilterSet Filters, string? SchemaFingerprint, int Count);

/// <summary>
/// Streams an interchange file straight into a <see cref="FilterSet"/> without holding the whole text, so reading
/// 100,000 encodings costs little more memory than the encodings themselves.
/// </summary>
public static class ClkReader
{
    public static ClkData Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new LinkageException($"File not found: {path}");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads <paramref name="path"/> in batches of at most <paramref name="batchSize"/> filters; the batch passed to
    /// <paramref name="onBatch"/> (with the index of its first filter) is reused afterwards, so copy what you keep.
    /// </summary>
    public static ClkData ReadBatches(string path, int batchSize, Action<FilterSet, int> onBatch)
    {
        if (!File.Exists(path))
        {
            throw new LinkageException($"File not found: {path}");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, Path.GetFileName(path), batchSize, onBatch);
    }

    public static ClkData Read(Stream stream, string name) => Read(stream, name, 0, null);

    private static ClkData Read(Stream stream, string name, int batchSize, Action<FilterSet, int>? onBatch)
    {
        long length = stream.CanSeek ? stream.Length : -1;
        if (length == 0)
        {
            throw new LinkageException($"{name} is empty.");
        }

        var state = new ReadState(name, length, batchSize, onBatch);
        // 64 KB holds any single JSON token of a filter file (a 1024-bit filter is 172 characters) and stays off the
        // large-object heap.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var readerState = new JsonReaderState();
            int filled = 0;
            bool final = false;
            while (!final)
            {
                int n = stream.Read(buffer, filled, buffer.Length - filled);
                final = n == 0;
                filled += n;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, readerState);
                try
                {
                    while (reader.Read())
                    {
                        state.Accept(ref reader);
                    }
                }
                catch (JsonException)
                {
                    throw new LinkageException($"{name} is not valid JSON.");
                }

                readerState = reader.CurrentState;
                int consumed = (int)reader.BytesConsumed;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    throw new LinkageException($"{name} holds a JSON value too large for an encoding.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return state.Finish();
    }

    private sealed class ReadState(string name, long fileLength, int batchSize, Action<FilterSet, int>? onBatch)
    {
        private int _batchStart;
        private readonly byte[] _scratch = new byte[16384];
        private readonly byte[] _decoded = new byte[16384];
        private string? _property;
        private bool _inClks;
        private bool _sawClks;
        private bool _sawRoot;
        private string? _fingerprint;
        private FilterSet? _filters;
        private int _count;

        public void Accept(ref Utf8JsonReader reader)
        {
            if (!_sawRoot)
            {
                _sawRoot = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new LinkageException($"{name} is not a clkhash file: expected {{\"clks\": [...]}}.");
                }

                return;
            }

            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                _property = reader.GetString();
                return;
            }

            if (_inClks)
            {
                if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
                {
                    _inClks = false;
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    AddFilter(ref reader);
                }
                else
                {
                    throw new LinkageException($"{name}: encoding {_count} is not a base64 string.");
                }

                return;
            }

            if (reader.CurrentDepth == 1 && _property == ClkFile.ClksProperty && reader.TokenType == JsonTokenType.StartArray)
            {
                _inClks = _sawClks = true;
            }
            else if (reader.CurrentDepth == 1 && _property == ClkFile.SchemaProperty && reader.TokenType == JsonTokenType.String)
            {
                _fingerprint = reader.GetString();
            }
        }

        private void AddFilter(ref Utf8JsonReader reader)
        {
            // The base64 text is decoded straight from the reader's buffer into the filter's row; only an escaped
            // or buffer-spanning string (rare: base64 needs no escapes) is copied to a scratch buffer first.
            ReadOnlySpan<byte> text = reader.HasValueSequence || reader.ValueIsEscaped
                ? _scratch.AsSpan(0, CopyText(ref reader))
                : reader.ValueSpan;
            if (_filters is null)
            {
                OperationStatus first = Base64.DecodeFromUtf8(text, _decoded, out _, out int firstBytes);
                if (first != OperationStatus.Done || firstBytes == 0)
                {
                    throw new LinkageException($"{name}: encoding {_count} is not valid base64.");
                }

                // Every encoding takes at least its base64 text plus two quotes: a safe upper bound on the count.
                long capacity = fileLength > 0 ? (fileLength / (text.Length + 2)) + 1 : 1 << 16;
                _filters = new FilterSet((int)Math.Min(onBatch is null ? capacity : batchSize, int.MaxValue / 2), firstBytes * 8);
            }

            if (onBatch is not null && _count - _batchStart == _filters.Capacity)
            {
                _filters.Truncate(_filters.Capacity);
                onBatch(_filters, _batchStart);
                _batchStart = _count;
            }

            if (_count - _batchStart == _filters.Capacity)
            {
                throw new LinkageException($"{name}: unreadable stream length; cannot size the encodings.");
            }

            _filters.Truncate(_filters.Capacity);
            if (!Base64.IsValid(text, out int decodedLength) || decodedLength == 0)
            {
                throw new LinkageException($"{name}: encoding {_count} is not valid base64.");
            }

            if (decodedLength != _filters.ByteLength)
            {
                throw new LinkageException(
                    $"{name}: encoding {_count} has {decodedLength * 8} bits but earlier ones have {_filters.BitLength}; all filters must have the same length.");
            }

            Span<byte> row = MemoryMarshal.AsBytes(_filters[_count - _batchStart]);
            row.Clear();
            if (Base64.DecodeFromUtf8(text, row[.._filters.ByteLength], out _, out int bytes) != OperationStatus.Done || bytes != decodedLength)
            {
                throw new LinkageException($"{name}: encoding {_count} is not valid base64.");
            }

            _count++;
        }

        private int CopyText(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.CopyString(_scratch);
            }
            catch (ArgumentException)
            {
                throw new LinkageException($"{name}: encoding {_count} is too long for a filter.");
            }
        }

        public ClkData Finish()
        {
            if (!_sawClks)
            {
                throw new LinkageException($"{name} is not a clkhash file: no \"clks\" array.");
            }

            if (_filters is null || _count == 0)
            {
                throw new LinkageException($"{name} holds no encodings.");
            }

            _filters.Truncate(_count - _batchStart);
            if (onBatch is not null)
            {
                onBatch(_filters, _batchStart);
            }

            return new ClkData(_filters, _fingerprint, _count);
        }
    }
}
