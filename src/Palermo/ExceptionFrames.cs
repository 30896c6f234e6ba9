using System.Diagnostics;
using System.Text;

namespace Palermo;

/// <summary>
/// Where an unexpected exception came from, for a log line: its type and stack frames, then each inner exception's.
/// Never the message: a message may quote a value (a name in a parse error, a row of a failed statement), while a
/// frame is a method and a source line. With the type alone an operator (or a test run) could see that a request
/// failed but not where, and a one-off failure could not be diagnosed after the fact.
/// </summary>
public static class ExceptionFrames
{
    /// <summary>Inner exceptions followed; a cycle or a deep wrapper chain stops here.</summary>
    private const int MaxDepth = 5;

    public static string Of(Exception exception)
    {
        var text = new StringBuilder();
        var depth = 0;
        for (var e = exception; e is not null && depth < MaxDepth; e = e.InnerException, depth++)
        {
            if (depth > 0) text.Append("--- inner ").Append(e.GetType().FullName).AppendLine(" ---");
            // StackTrace formats frames only (methods, parameter types and names, files and lines), unlike Exception.ToString.
            text.Append(new StackTrace(e, fNeedFileInfo: true).ToString());
        }

        return text.ToString().TrimEnd();
    }
}
