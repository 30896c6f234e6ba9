using Palermo.Linkage.Workflow;
using Spectre.Console;

namespace Palermo.Cli.Linkage;

/// <summary>Spectre progress bars for long linkage work, shown only on an interactive console.</summary>
internal static class ProgressDisplay
{
    public static T Run<T>(IAnsiConsole console, Func<Action<LinkageProgress>?, T> work)
    {
        bool interactive = console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        if (!interactive)
        {
            return work(null);
        }

        return console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new Lock();
                return work(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Stage, out ProgressTask? task))
                        {
                            tasks[p.Stage] = task = context.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                        }

                        task.Value = Math.Max(task.Value, p.Done);
                    }
                });
            });
    }
}
