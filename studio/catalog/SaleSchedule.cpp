// SPDX-License-Identifier: GPL-2.0-or-later
#include "catalog/SaleSchedule.h"

#include <QRegularExpression>

namespace pinstage {

namespace {

    bool isDateOnly(const QString& stored)
    {
        return stored.size() == 10;
    }

    /// The instant a stored bound names; END moves a date to the start of the next day.
    QDateTime instant(const QString& stored, bool end)
    {
        if (stored.isEmpty())
            return {};
        if (isDateOnly(stored)) {
            const QDate date = QDate::fromString(stored, Qt::ISODate);
            if (!date.isValid())
                return {};
            return QDateTime(end ? date.addDays(1) : date, QTime(0, 0), Qt::LocalTime);
        }
        return QDateTime::fromString(stored, Qt::ISODateWithMs);
    }

} // namespace

SaleSchedule::SaleSchedule(QString starts, QString ends)
    : m_starts(std::move(starts))
    , m_ends(std::move(ends))
{
}

std::optional<QString> SaleSchedule::normalize(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QString();
    static const QRegularExpression form(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2})(:\\d{2})?(?:\\.\\d+)?\\s*(Z|[+-]\\d{2}:?\\d{2})?)?$"));
    const QRegularExpressionMatch match = form.match(trimmed);
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    if (match.captured(2).isEmpty())
        return date.toString(Qt::ISODate);
    const QTime time = QTime::fromString(
        match.captured(2) + (match.captured(3).isEmpty() ? QStringLiteral(":00") : match.captured(3)),
        QStringLiteral("HH:mm:ss"));
    if (!time.isValid())
        return std::nullopt;
    QString stored = date.toString(Qt::ISODate) + QLatin1Char('T') + time.toString(QStringLiteral("HH:mm:ss"));
    QString zone = match.captured(4);
    if (zone.size() == 5) // +0200
        zone.insert(3, QLatin1Char(':'));
    return stored + zone;
}

QDateTime SaleSchedule::startsAt() const
{
    return instant(m_starts, false);
}

QDateTime SaleSchedule::endsAt() const
{
    return instant(m_ends, true);
}

bool SaleSchedule::isActiveAt(const QDateTime& now) const
{
    const QDateTime from = startsAt();
    const QDateTime until = endsAt();
    return (!from.isValid() || from <= now) && (!until.isValid() || now < until);
}

std::optional<QDateTime> SaleSchedule::nextChangeAfter(const QDateTime& now) const
{
    const QDateTime from = startsAt();
    const QDateTime until = endsAt();
    if (from.isValid() && now < from && (!until.isValid() || from < until))
        return from;
    if (until.isValid() && now < until && (!from.isValid() || from < until))
        return until;
    return std::nullopt;
}

} // namespace pinstage
