using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AudienceRelay.Cli.Uploads;

/// <summary>A progress column showing throughput in users per second (the built-in one speaks in bytes).</summary>
internal sealed class UsersPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var speed = task.Speed;
        var text = speed is null ? "– users/s" : string.Create(CultureInfo.InvariantCulture, $"{speed:N0} users/s");
        return new Text(text, new Style(Color.Grey));
    }
}
