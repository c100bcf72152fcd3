using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ErPipeline.Access;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Options;

namespace ErPipeline.Kpis;

/// <summary>A rendered answer of the feed: its bytes, media type and entity tag.</summary>
public sealed record FeedAnswer(byte[] Body, string ContentType, string ETag);

/// <summary>An answer found (or started) in the feed's cache: its tag now, its body when <see cref="Answer"/> is awaited.</summary>
public sealed record FeedLookup(string ETag, Lazy<Task<FeedAnswer>> Answer, string? CacheKey);

/// <summary>
/// The KPI feed as documents: computes, suppresses by role, renders, and caches by (role, query, data watermark).
/// The entity tag is derived from that key, so a client's <c>If-None-Match</c> is answered without touching the
/// warehouse; a load changes the watermark, hence the key and the tag.
/// </summary>
public sealed class KpiFeed : IDisposable
{
    public const string JsonType = "application/json; charset=utf-8";
    public const string CsvType = "text/csv; charset=utf-8";

    private static readonly string Build = typeof(KpiFeed).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly KpiService _kpis;
    private readonly KpiOptions _options;
    private readonly WarehouseChanges _changes;
    private readonly TimeProvider _time;
    private readonly string _settingsFingerprint;
    private readonly ConcurrentDictionary<string, FeedLookup> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _watermarkGate = new(1, 1);
    private (DataWatermark Value, long ChangesVersion, long ReadAt)? _watermark;

    public KpiFeed(KpiService kpis, IOptions<KpiOptions> options, WarehouseChanges changes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _kpis = kpis;
        _options = options.Value;
        _changes = changes;
        _time = time;
        _settingsFingerprint = $"{_options.MinimumCellCount}|{string.Join(',', Enumerable.Range(1, 5).Select(_options.TargetMinutes))}";
    }

    public void Dispose() => _watermarkGate.Dispose();

    /// <summary>
    /// Finds the answer for a request: its entity tag at once (no warehouse work), its body when awaited. Equal tags
    /// mean equal data; answers of equal tags differ only in <c>generatedAt</c>.
    /// </summary>
    public async Task<FeedLookup> LookupAsync(KpiSection? section, FeedRequest request, Role role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watermark = await WatermarkAsync(cancellationToken).ConfigureAwait(false);
        var key = Key(section, request, role, watermark);
        if (_options.CacheEntries == 0)
        {
            var tag = Tag(key);
            return new FeedLookup(tag, new Lazy<Task<FeedAnswer>>(() => ComputeAsync(section, request, role, tag, cancellationToken)), null);
        }

        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_cache.Count >= _options.CacheEntries)
        {
            _cache.Clear();
        }

        var entryTag = Tag(key);
        var lookup = _cache.GetOrAdd(key, new FeedLookup(entryTag,
            new Lazy<Task<FeedAnswer>>(() => ComputeAsync(section, request, role, entryTag, CancellationToken.None)), key));
        return lookup;
    }

    /// <summary>The whole document (section null) or one section, from the cache when the data has not changed.</summary>
    public async Task<FeedAnswer> AnswerAsync(KpiSection? section, FeedRequest request, Role role, CancellationToken cancellationToken) =>
        await AnswerAsync(await LookupAsync(section, request, role, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>The body of an answer looked up before.</summary>
    public async Task<FeedAnswer> AnswerAsync(FeedLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        try
        {
            return await lookup.Answer.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested && lookup.CacheKey is not null)
        {
            // A failed computation is not an answer: forget it so the next request tries again.
            _cache.TryRemove(new KeyValuePair<string, FeedLookup>(lookup.CacheKey, lookup));
            throw;
        }
    }

    /// <summary>The document's tables for a role, suppressed for analysts; uncached.</summary>
    public async Task<KpiDocument> DocumentAsync(KpiFilter filter, Role role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var watermark = await WatermarkAsync(cancellationToken).ConfigureAwait(false);
        // Sections are independent queries: run a few at once (Kpis__ParallelQueries), keep the catalog's order.
        var tables = new KpiTable[KpiCatalog.Sections.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tables.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _options.ParallelQueries, CancellationToken = cancellationToken },
            async (i, token) => tables[i] = await TableAsync(KpiCatalog.Sections[i], filter, role, token).ConfigureAwait(false)).ConfigureAwait(false);

        return new KpiDocument(_time.GetUtcNow(), watermark.LastLoadAt, Roles.Name(role), filter,
            _options.MinimumCellCount, role != Role.Admin, tables);
    }

    /// <summary>One section's table for a role, suppressed for analysts; uncached.</summary>
    public async Task<KpiTable> TableAsync(KpiSection section, KpiFilter filter, Role role, CancellationToken cancellationToken)
    {
        var table = await _kpis.SectionAsync(section, filter, cancellationToken).ConfigureAwait(false);
        return role == Role.Admin ? table : Suppression.Apply(table, _options.MinimumCellCount);
    }

    /// <summary>The data watermark, re-read when a load in this process committed or the refresh interval passed.</summary>
    public async Task<DataWatermark> WatermarkAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _watermarkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var version = _changes.Version;
            var value = await _kpis.DataWatermarkAsync(cancellationToken).ConfigureAwait(false);
            if (_watermark is { } previous && previous.Value != value)
            {
                _cache.Clear();
            }

            _watermark = (value, version, _time.GetTimestamp());
            return value;
        }
        finally
        {
            _watermarkGate.Release();
        }
    }

    private DataWatermark? Fresh() =>
        _watermark is { } known && known.ChangesVersion == _changes.Version
            && _time.GetElapsedTime(known.ReadAt) < TimeSpan.FromSeconds(_options.WatermarkRefreshSeconds)
            ? known.Value
            : null;

    private async Task<FeedAnswer> ComputeAsync(KpiSection? section, FeedRequest request, Role role, string tag, CancellationToken cancellationToken)
    {
        if (section is null)
        {
            var document = await DocumentAsync(request.Filter, role, cancellationToken).ConfigureAwait(false);
            return new FeedAnswer(KpiWriters.Document(document), JsonType, tag);
        }

        var table = await TableAsync(section, request.Filter, role, cancellationToken).ConfigureAwait(false);
        return request.Format == FeedFormat.Csv
            ? new FeedAnswer(KpiWriters.SectionCsv(table), CsvType, tag)
            : new FeedAnswer(KpiWriters.SectionJson(table), JsonType, tag);
    }

    private string Key(KpiSection? section, FeedRequest request, Role role, DataWatermark watermark) =>
        string.Join('|', KpiCatalog.SchemaVersion, Build, _settingsFingerprint, Roles.Name(role), section?.Name ?? "*",
            section is null ? FeedFormat.Json : request.Format, request.Filter.Key, watermark.LastLoadAt?.UtcTicks, watermark.Loads, watermark.AlertEvents);

    private static string Tag(string key) =>
        $"W/\"{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 18).Replace('+', '-').Replace('/', '_')}\"";
}
