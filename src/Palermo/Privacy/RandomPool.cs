using System.Security.Cryptography;

namespace Palermo.Privacy;

/// <summary>
/// Bytes from the operating system's cryptographic random generator (<see cref="RandomNumberGenerator"/>), drawn a
/// block at a time and handed out in small pieces: nonces and data keys for one unit of work. Each draw from the
/// generator costs a few microseconds (a call into OpenSSL and a system call), several times the cost of sealing a
/// short field; a bulk load takes seven of them per person. The bytes are the generator's own, never stretched or
/// reused: every byte handed out is wiped from the block, and <see cref="Dispose"/> wipes the rest. Not thread-safe:
/// one per unit of work (<see cref="PersonCrypto"/> owns one).
/// </summary>
public sealed class RandomPool : IDisposable
{
    private const int Size = 4096;

    // Pinned, so the garbage collector never leaves copies of not-yet-used key bytes behind when it compacts.
    private readonly byte[] _block = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
    private int _next = Size;

    public void Fill(Span<byte> destination)
    {
        if (destination.Length > Size / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        if (_next + destination.Length > Size)
        {
            RandomNumberGenerator.Fill(_block);
            _next = 0;
        }

        var taken = _block.AsSpan(_next, destination.Length);
        taken.CopyTo(destination);
        CryptographicOperations.ZeroMemory(taken);
        _next += destination.Length;
    }

    public byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_block);
        _next = Size;
    }
}
