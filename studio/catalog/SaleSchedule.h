// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace pinstage {

/// When a sale price applies: WooCommerce's "Date sale price starts" / "Date sale price ends".
/// Either bound may be open. A plain value, safe to copy across threads.
///
/// Stored text (catalog columns variants.sale_starts / sale_ends, and what export writes):
///   ""                          no bound
///   "2031-06-01"                a date: the whole day, in the studio's local time zone. A start
///                               date begins at 00:00 that day, an end date includes that day
///                               (the sale ends at 00:00 the day after), as WooCommerce does.
///   "2031-06-01T18:30:00"       a local date and time: the sale starts at / ends at that instant
///   "2031-06-01T18:30:00Z", "…+02:00"  an instant with its own offset
/// Local times are read in the time zone of the process when the schedule is asked, so a
/// catalog follows the studio's clock, not the zone of the machine that imported it.
class SaleSchedule {
public:
    SaleSchedule() = default;
    /// From stored text (see above); text that is not in that form counts as an open bound.
    SaleSchedule(QString starts, QString ends);

    /// Turns what a shop export holds into stored text: "2031-06-01", "2031-06-01 18:30",
    /// "2031-06-01 18:30:00", "2031-06-01T18:30:00+02:00", "…Z"; empty stays empty. Returns
    /// nullopt for anything else (the caller rejects the row naming the column).
    static std::optional<QString> normalize(const QString& text);

    const QString& starts() const { return m_starts; }
    const QString& ends() const { return m_ends; }
    /// True when neither bound is set: the sale price applies whenever there is one.
    bool isAlways() const { return m_starts.isEmpty() && m_ends.isEmpty(); }
    /// The first instant of the sale; invalid when open.
    QDateTime startsAt() const;
    /// The first instant after the sale; invalid when open.
    QDateTime endsAt() const;
    /// True when NOW is inside the window: startsAt() <= now < endsAt().
    bool isActiveAt(const QDateTime& now) const;
    /// The next bound strictly after NOW (when the price changes next), or nullopt.
    std::optional<QDateTime> nextChangeAfter(const QDateTime& now) const;

    bool operator==(const SaleSchedule& other) const { return m_starts == other.m_starts && m_ends == other.m_ends; }

private:
    QString m_starts;
    QString m_ends;
};

} // namespace pinstage
