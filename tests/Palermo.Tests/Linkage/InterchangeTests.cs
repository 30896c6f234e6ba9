using System.Text;
using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Interchange;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class InterchangeTests
{
    private static ClkData Read(string json) => ClkReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    [Fact]
    public void Write_Bit0_IsTheHighBitOfTheFirstByte()
    {
        var set = new FilterSet(1, 16);
        byte[] bytes = new byte[2];
        BitOrder.Set(bytes, 0);
        BitOrder.Set(bytes, 15);
        set.SetBytes(0, bytes);
        var stream = new MemoryStream();
        ClkFile.Write(stream, set, "v1-x");
        Assert.Equal("{\"clks\":[\"gAE=\"],\"palermo_schema\":\"v1-x\"}", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Read_ClkhashFileWithoutFingerprint_ReadsEveryFilter()
    {
        ClkData data = Read("{ \"clks\": [\"gAE=\", \"AAA=\", \"//8=\"] }");
        Assert.Equal(3, data.Filters.Count);
        Assert.Null(data.SchemaFingerprint);
        Assert.Equal(16, data.Filters.PopCount(2));
    }

    [Fact]
    public void Read_LargeFile_StreamsAcrossBufferRefills()
    {
        FilterSet set = TestData.RandomFilters(20_000, 1024, seed: 1);
        var stream = new MemoryStream();
        ClkFile.Write(stream, set, "v1-abc");
        stream.Position = 0;
        ClkData data = ClkReader.Read(stream, "big.json");
        Assert.Equal(set.Count, data.Filters.Count);
        Assert.Equal("v1-abc", data.SchemaFingerprint);
        Assert.True(set.Bytes(19_999).SequenceEqual(data.Filters.Bytes(19_999)));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("{\"clks\": [\"gAE=\", \"not base64!\"]}", "not valid base64")]
    [InlineData("{\"clks\": [\"gAE=\", \"gAEA\"]}", "same length")]
    [InlineData("{\"clks\": []}", "no encodings")]
    [InlineData("[1, 2]", "not a clkhash file")]
    [InlineData("{\"clks\": [\"gAE=\"", "not valid JSON")]
    public void Read_BadInput_FailsWithOneClearLine(string json, string expected)
    {
        var e = Assert.Throws<LinkageException>(() => Read(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
