// SPDX-License-Identifier: GPL-2.0-or-later
#include "ShowLogEvents.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace pinstage::test {

QList<QJsonObject> readShowLog(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> events;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    }
    return events;
}

QStringList showLogFiles(const QString& dataDir)
{
    const QDir shows(dataDir + QStringLiteral("/shows"));
    QStringList files;
    for (const QString& name : shows.entryList({ QStringLiteral("show-*.jsonl") }, QDir::Files, QDir::Name))
        files.append(shows.filePath(name));
    return files;
}

QList<QJsonObject> showLogEvents(const QString& dataDir)
{
    QList<QJsonObject> events;
    for (const QString& file : showLogFiles(dataDir))
        events.append(readShowLog(file));
    return events;
}

QStringList eventNames(const QList<QJsonObject>& events)
{
    QStringList names;
    for (const QJsonObject& e : events)
        names.append(e.value(QStringLiteral("event")).toString());
    return names;
}

} // namespace pinstage::test
