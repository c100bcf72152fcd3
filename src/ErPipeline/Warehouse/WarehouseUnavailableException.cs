namespace ErPipeline.Warehouse;

/// <summary>The warehouse cannot be opened or migrated; the message says which one and what to do.</summary>
public sealed class WarehouseUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
