namespace AudienceRelay.Soak;

/// <summary>The run's nodes, killed when the run ends however it ends (an exception must leave no server running).</summary>
internal sealed class NodeGroup(IReadOnlyList<NodeProcess> nodes) : IDisposable
{
    public void Dispose()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }
    }
}
