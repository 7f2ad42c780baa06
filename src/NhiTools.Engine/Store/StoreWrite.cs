using System;
using System.IO;
using Microsoft.Data.Sqlite;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// Every write to the store goes through here, so a store that cannot be written (read-only file or folder,
    /// full disk, locked too long) is one NhiStoreUnavailable naming the path and the reason, not a raw SqliteException.
    /// </summary>
    internal static class StoreWrite
    {
        public static T Run<T>(string path, Func<T> write)
        {
            try
            {
                return write();
            }
            catch (SqliteException ex)
            {
                throw Unavailable(path, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Unavailable(path, ex);
            }
        }

        public static NhiException Unavailable(string path, Exception ex) =>
            new NhiException("NhiStoreUnavailable", NhiErrorCategory.OpenError,
                "Cannot write to the NhiTools store at '" + path + "': " + Reason(ex) + " Nothing was changed.", path, ex);

        internal static string Reason(Exception ex)
        {
            if (ex is SqliteException sqlite)
            {
                switch (sqlite.SqliteErrorCode)
                {
                    case 8: return "the store is read-only (the file or its folder cannot be written by this user).";
                    case 5: case 6: return "another process held it locked for longer than the busy timeout.";
                    case 13: return "the disk is full.";
                    case 14: return "the file or its folder cannot be opened for writing (read-only, or missing permissions).";
                }
            }

            if (ex is UnauthorizedAccessException)
            {
                return "access denied, the folder is read-only or this user may not write there (" + ex.Message.TrimEnd('.') + ").";
            }

            return ex.Message.TrimEnd('.') + ".";
        }
    }
}
